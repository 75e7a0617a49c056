package io.diveops.activities.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.diveops.api.registry.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every enabled instance names the secrets its stack needs, as references into the secret store
 * (never values). A missing reference shows up only at deploy time, as a stack that cannot start.
 * An instance without a {@code secrets} block, as in DIVE's later registries, has its secrets named
 * by DIVE's convention ({@link SecretNames}): said once, as a warning, not as an error per secret.
 */
public class SecretReferenceRule implements RegistryRule {
  static final List<String> REQUIRED =
      List.of("keycloakAdmin", "keycloakClientSecret", "postgres", "mongodb", "redis");
  // Secret Manager ids: letters, digits, '-' and '_', at most 255 characters.
  private static final Pattern SECRET_ID = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");
  private static final List<String> INLINE_SECRETS = List.of("testUserPassword", "adminPassword");

  @Override
  public List<Finding> errors(FederationRegistry registry, RegistryDocument document) {
    List<Finding> errors = new ArrayList<>();
    for (var entry : registry.instances().entrySet()) {
      if (!entry.getValue().enabled()) {
        continue;
      }
      if (byConvention(document, entry.getKey())) {
        continue;
      }
      String base = RegistryDocument.instancePath(entry.getKey()) + ".secrets";
      var secrets = entry.getValue().secrets();
      for (String name : REQUIRED) {
        String ref = secrets.get(name);
        if (ref == null || ref.isBlank()) {
          errors.add(
              new Finding(
                  base + (secrets.isEmpty() ? "" : "." + name),
                  "secret-reference-missing",
                  "enabled instance '" + entry.getKey() + "' names no '" + name + "' secret"));
        } else if (!SECRET_ID.matcher(ref).matches()) {
          errors.add(
              new Finding(
                  base + "." + name,
                  "secret-reference-format",
                  "'"
                      + name
                      + "' must name a secret (letters, digits, '-', '_'), not hold a value"));
        } else if (namesAnother(registry, entry.getKey(), ref)) {
          errors.add(
              new Finding(
                  base + "." + name,
                  "secret-reference-inconsistent",
                  "'" + name + "' names another instance's secret '" + ref + "'"));
        }
      }
    }
    return errors;
  }

  private static boolean byConvention(RegistryDocument document, String key) {
    return !document.json().path("instances").path(key).has("secrets");
  }

  /** A name in DIVE's convention ending in the code of another instance than its own. */
  private static boolean namesAnother(FederationRegistry registry, String key, String ref) {
    String own = registry.instances().get(key).code();
    return ref.startsWith("dive-v3-")
        && !ref.startsWith("dive-v3-federation-")
        && registry.instances().values().stream()
            .map(Instance::code)
            .filter(code -> code != null && !code.equalsIgnoreCase(own))
            .anyMatch(code -> ref.endsWith("-" + code.toLowerCase(java.util.Locale.ROOT)));
  }

  /** Passwords written into the registry itself leak with every copy of the file. */
  @Override
  public List<Finding> warnings(FederationRegistry registry, RegistryDocument document) {
    List<Finding> warnings = new ArrayList<>();
    List<String> byConvention =
        registry.instances().entrySet().stream()
            .filter(e -> e.getValue().enabled() && byConvention(document, e.getKey()))
            .map(e -> e.getKey())
            .toList();
    if (!byConvention.isEmpty()) {
      String example = byConvention.get(0);
      warnings.add(
          new Finding(
              "$.instances",
              "secret-names-by-convention",
              "no 'secrets' block for "
                  + String.join(", ", byConvention)
                  + ": their secrets are named by DIVE's convention dive-v3-<kind>-<code>, e.g. "
                  + SecretNames.convention(registry.instances().get(example).code(), "postgres")));
    }
    JsonNode defaults = document.json().path("defaults");
    for (String field : INLINE_SECRETS) {
      if (defaults.hasNonNull(field)) {
        warnings.add(
            new Finding(
                "$.defaults." + field,
                "secret-inline",
                "a password is written in the registry; reference a secret instead"));
      }
    }
    return warnings;
  }
}
