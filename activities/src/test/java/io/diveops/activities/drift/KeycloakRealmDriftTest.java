package io.diveops.activities.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.keycloak.RealmDifference;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.SandboxRegistry;
import io.diveops.activities.stack.NamedSecrets;
import io.diveops.api.alert.Severity;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import jakarta.ws.rs.ProcessingException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakRealmDriftTest {
  @TempDir Path dir;

  @Test
  void aKeycloakThatCannotBeReachedIsOneUnknownItemForItsRealm() throws Exception {
    Path registry = SandboxRegistry.copyInto(dir);
    KeycloakRealmDrift drift =
        new KeycloakRealmDrift(
            new NamedSecrets(),
            registry,
            (url, user, password) -> {
              throw new ProcessingException("Connection refused: " + url);
            });

    assertThat(drift.detect(new EnabledInstances(registry).registry(), "gbr"))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.category()).isEqualTo(DriftCategory.UNKNOWN);
              assertThat(item.resource()).isEqualTo("realm dive-v3-broker");
              assertThat(item.actual()).contains("Connection refused").doesNotContain("value-of-");
            });
  }

  @Test
  void whatWeakensSecurityIsCriticalAndNamesTheMatrixRow() {
    KeycloakRealmDrift drift =
        new KeycloakRealmDrift(new NamedSecrets(), Path.of("config/federation-registry.json"));
    DriftItem rogue =
        drift.item(
            "gbr",
            new RealmDifference(
                "idp rogue-oidc", "", RealmDifference.Kind.EXTRA, null, "present", true));
    assertThat(rogue.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(rogue.category()).isEqualTo(DriftCategory.EXTRA);
    assertThat(rogue.source()).isEqualTo("config/federation-registry.json#/federation/matrix/gbr");
    DriftItem mapper =
        drift.item(
            "gbr",
            new RealmDifference(
                "idp usa-federation",
                "mappers.clearance",
                RealmDifference.Kind.MISSING,
                "present",
                null,
                false));
    assertThat(mapper.severity()).isEqualTo(Severity.WARNING);
  }
}
