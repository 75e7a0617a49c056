package io.diveops.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** DIVE's convention names what the real registry's secrets blocks name. */
class SecretNamesTest {

  @Test
  void theConventionNamesWhatTheRealRegistryNames() {
    FederationRegistry registry =
        new RegistryReader().read(RealRegistry.FILE).model().orElseThrow();
    int compared = 0;
    for (Instance instance : registry.instances().values()) {
      for (Map.Entry<String, String> named : instance.secrets().entrySet()) {
        if (named.getKey().equals("gcpProjectId")) {
          continue;
        }
        assertThat(SecretNames.convention(instance.code(), named.getKey()))
            .as(instance.code() + " " + named.getKey())
            .isEqualTo(named.getValue());
        compared++;
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(32);
  }

  @Test
  void theSandboxsOwnKindsAndFederationPairs() {
    assertThat(SecretNames.convention("FRA", "keycloakDatabase"))
        .isEqualTo("dive-v3-keycloak-db-fra");
    assertThat(SecretNames.convention("usa", "testUserPassword"))
        .isEqualTo("dive-v3-testuser-password-usa");
    assertThat(SecretNames.federation("USA", "fra")).isEqualTo("dive-v3-federation-usa-fra");
  }
}
