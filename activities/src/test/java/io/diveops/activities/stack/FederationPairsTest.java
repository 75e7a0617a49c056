package io.diveops.activities.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.keycloak.RealmSpec;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.RealRegistry;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.secrets.SecretStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederationPairsTest {
  static final FederationRegistry SANDBOX =
      new RegistryReader().read(RealmImportTest.REGISTRY).model().orElseThrow();

  static final SecretStore NAMED = new NamedSecrets();

  @Test
  void theMatrixRowListsWhoseUsersLogInAtHomeAndTheColumnWhoTrustsAPartner() {
    assertThat(FederationPairs.trusted(SANDBOX, "usa")).containsExactly("fra", "gbr");
    assertThat(FederationPairs.trusting(SANDBOX, "usa")).containsExactly("fra", "gbr");
    assertThat(FederationPairs.secretPairs(SANDBOX, "usa"))
        .containsExactly(
            List.of("fra", "usa"),
            List.of("gbr", "usa"),
            List.of("usa", "fra"),
            List.of("usa", "gbr"));
  }

  @Test
  void aDisabledInstanceTakesPartInNothing(@TempDir Path dir) {
    Path file =
        RealRegistry.mutated(dir, json -> json.with("instances").with("deu").put("enabled", false));
    FederationRegistry registry = new RegistryReader().read(file).model().orElseThrow();
    assertThat(FederationPairs.trusted(registry, "usa")).doesNotContain("deu").contains("fra");
    assertThat(FederationPairs.trusting(registry, "usa")).doesNotContain("deu");
    assertThat(FederationPairs.trusted(registry, "deu")).isEmpty();
  }

  @Test
  void aRealmHasAProviderPerTrustedPartnerAndAClientPerTrustingBroker() {
    RealmSpec usa = new RealmSpecs(NAMED).forInstance(SANDBOX, "usa");
    assertThat(usa.partners())
        .extracting(p -> p.alias() + " " + p.clientId() + " " + p.backChannelBaseUrl())
        .containsExactly(
            "fra-federation dive-v3-usa-federation http://dive-v3-keycloak-fra:8080/realms/dive-v3-broker",
            "gbr-federation dive-v3-usa-federation http://dive-v3-keycloak-gbr:8080/realms/dive-v3-broker");
    assertThat(usa.partners().get(0).issuerBaseUrl())
        .isEqualTo("http://127.0.0.1:18081/realms/dive-v3-broker");
    // The partner (fra) created the client, home (usa) uses it.
    assertThat(usa.partners().get(0).clientSecret())
        .isEqualTo("value-of-dive-v3-federation-fra-usa");
    assertThat(usa.federationClients())
        .extracting(c -> c.clientId() + " " + c.redirectUri())
        .containsExactly(
            "dive-v3-fra-federation http://127.0.0.1:18081/realms/dive-v3-broker/broker/usa-federation/endpoint",
            "dive-v3-gbr-federation http://127.0.0.1:18082/realms/dive-v3-broker/broker/usa-federation/endpoint");
    assertThat(usa.federationClients().get(0).secret())
        .isEqualTo("value-of-dive-v3-federation-usa-fra");
  }
}
