package io.diveops.activities.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.release.Release;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keycloak logs in to PostgreSQL as its own role with its own secret: a leaked Keycloak
 * configuration must not hand out the superuser's password.
 */
class KeycloakDatabaseSecretTest {
  static final Path ROOT = Path.of(System.getProperty("dive.root", ".."));
  static final FederationRegistry REGISTRY =
      new RegistryReader()
          .read(ROOT.resolve("config/federation-registry.json"))
          .model()
          .orElseThrow();
  static final Release RELEASE = new ReleaseReader(ROOT.resolve("releases")).read("1.0.0");

  /** Each secret's value names the secret, so the test can tell which one a variable got. */
  static final class NamedSecrets implements SecretStore {
    final Set<String> ensured = new TreeSet<>();

    @Override
    public String resolve(String name) {
      return "value-of-" + name;
    }

    @Override
    public String ensure(String name) {
      ensured.add(name);
      return resolve(name);
    }
  }

  @Test
  void keycloaksDatabaseRoleHasASecretOfItsOwn() {
    StackLayout layout = new StackLayout(new NamedSecrets());
    Instance usa = REGISTRY.instance("usa").orElseThrow();
    Map<String, String> postgres = layout.spec("usa", usa, "postgres", RELEASE).env();
    Map<String, String> keycloak = layout.spec("usa", usa, "keycloak", RELEASE).env();

    assertThat(keycloak.get("KC_DB_USERNAME"))
        .isEqualTo(postgres.get("POSTGRES_USER"))
        .isEqualTo("keycloak");
    assertThat(keycloak.get("KC_DB_PASSWORD"))
        .isEqualTo("value-of-dive-v3-keycloak-db-usa")
        .isNotEqualTo(postgres.get("POSTGRES_PASSWORD"));
    assertThat(postgres.get("POSTGRES_PASSWORD")).isEqualTo("value-of-dive-v3-postgres-usa");
    // The role the image creates (and aligns on every start) gets the password Keycloak uses.
    assertThat(postgres.get("POSTGRES_USER_PASSWORD")).isEqualTo(keycloak.get("KC_DB_PASSWORD"));
  }

  @Test
  void aRegistryWithoutTheReferenceUsesDivesNamingConvention() {
    Instance usa = REGISTRY.instance("usa").orElseThrow();
    Map<String, String> secrets = new LinkedHashMap<>(usa.secrets());
    secrets.remove(StackLayout.KEYCLOAK_DATABASE_SECRET);
    Instance older =
        new Instance(
            usa.code(),
            usa.name(),
            usa.type(),
            usa.enabled(),
            usa.primary(),
            usa.deployment(),
            usa.services(),
            usa.cloudflare(),
            secrets,
            usa.keycloak(),
            usa.mongodb(),
            usa.testUsers());

    assertThat(StackLayout.keycloakDatabaseSecret(older)).isEqualTo("dive-v3-keycloak-db-usa");
    assertThat(
            new StackLayout(new NamedSecrets())
                .spec("usa", older, "keycloak", RELEASE)
                .env()
                .get("KC_DB_PASSWORD"))
        .isEqualTo("value-of-dive-v3-keycloak-db-usa");
  }

  @Test
  void theSandboxCreatesTheSecretWithTheOthers() {
    NamedSecrets secrets = new NamedSecrets();
    new InstanceStack(null, secrets, line -> {}).ensureSecrets(REGISTRY, "gbr");

    assertThat(secrets.ensured).contains("dive-v3-keycloak-db-gbr", "dive-v3-postgres-gbr");
  }
}
