package io.diveops.activities.registry;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The name of an instance's secret: as its registry {@code secrets} block names it, else by DIVE's
 * convention {@code dive-v3-<kind>-<code>}, which DIVE's later registries rely on alone.
 */
public final class SecretNames {
  /** The secrets one instance's stack uses, by registry field. */
  public static final List<String> STACK_FIELDS =
      List.of(
          "keycloakAdmin",
          "keycloakClientSecret",
          "postgres",
          "keycloakDatabase",
          "mongodb",
          "redis",
          "testUserPassword");

  /** The kinds DIVE's names use where they are not the field's own name in kebab case. */
  private static final Map<String, String> KINDS =
      Map.of(
          "keycloakAdmin", "keycloak",
          "keycloakDatabase", "keycloak-db",
          "testUserPassword", "testuser-password");

  private SecretNames() {}

  /**
   * The secret a registry field stands for, e.g. {@code postgres} → {@code dive-v3-postgres-usa}.
   */
  public static String of(Instance instance, String field) {
    String named = instance.secrets().get(field);
    return named != null && !named.isBlank() ? named : convention(instance.code(), field);
  }

  public static String convention(String code, String field) {
    String kind =
        KINDS.getOrDefault(field, field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
    return "dive-v3-" + kind + "-" + code.toLowerCase(Locale.ROOT);
  }

  /** The client secret of a federation pair: the source created the client, the target uses it. */
  public static String federation(String source, String target) {
    return "dive-v3-federation-"
        + source.toLowerCase(Locale.ROOT)
        + "-"
        + target.toLowerCase(Locale.ROOT);
  }
}
