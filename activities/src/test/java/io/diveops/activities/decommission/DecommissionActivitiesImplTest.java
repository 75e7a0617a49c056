package io.diveops.activities.decommission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.provision.ProvisionActivitiesImpl;
import io.diveops.activities.provision.ProvisionActivitiesImplTest;
import io.diveops.activities.registry.SandboxRegistry;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.api.decommission.DecommissionPartnerInput;
import io.diveops.api.decommission.DecommissionPlan;
import io.diveops.api.provision.PlannedChange;
import io.diveops.api.registry.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan, registry, secrets and records of a decommissioning, on a copy of the sandbox registry with
 * DEU provisioned into it by provisioning's own commit (the stack and realms are the IT's).
 */
class DecommissionActivitiesImplTest {
  @TempDir Path dir;
  Path registry;
  byte[] beforeDeu;
  FileSecretStore secrets;
  DecommissionActivitiesImpl activities;

  @BeforeEach
  void sandboxWithDeuProvisioned() throws IOException {
    registry = SandboxRegistry.copyInto(dir);
    beforeDeu = Files.readAllBytes(registry);
    ReleaseHistory history = new ReleaseHistory(dir.resolve("instances"));
    List.of("usa", "fra", "gbr").forEach(key -> history.provisioned(key, "1.0.0"));
    ProvisionActivitiesImpl provisioning =
        new ProvisionActivitiesImpl(
            registry,
            Optional.empty(),
            SandboxRegistry.ROOT.resolve("releases"),
            dir.resolve("instances"),
            new FileSecretStore(dir.resolve("secrets")),
            port -> false,
            (instance, image) -> true,
            new DockerEngines(dir.resolve("certs")),
            List::of);
    provisioning.commitPartner(
        ProvisionActivitiesImplTest.input(ProvisionActivitiesImplTest.deu(), null, null));
    provisioning.partnerSecrets("deu");
    secrets = new FileSecretStore(dir.resolve("secrets"));
    activities =
        new DecommissionActivitiesImpl(
            registry,
            Optional.empty(),
            dir.resolve("instances"),
            secrets,
            new DockerEngines(dir.resolve("certs")),
            null);
  }

  @Test
  void thePlanNamesEverythingThatGoesPerInstanceAndChangesNothing() throws IOException {
    byte[] before = Files.readAllBytes(registry);
    List<String> secretFiles = files(dir.resolve("secrets"));

    DecommissionPlan plan =
        activities.planDecommission(new DecommissionPartnerInput("deu", false, true));

    assertThat(plan.errors()).isEmpty();
    assertThat(plan.resumed()).isFalse();
    assertThat(plan.partners()).containsExactly("usa", "fra", "gbr");
    assertThat(plan.changes())
        .contains(
            new PlannedChange(
                "deu",
                "backup",
                "create",
                "deu",
                "the final backup, kept after the instance is gone"))
        .anyMatch(c -> is(c, "usa", "idp", "remove", "deu-federation"))
        .anyMatch(c -> is(c, "gbr", "client", "remove", "dive-v3-deu-federation"))
        .anyMatch(c -> is(c, "deu", "container", "remove", "dive-v3-keycloak-deu"))
        .anyMatch(c -> is(c, "deu", "volume", "keep", "dive-deu_postgres-data"))
        .anyMatch(c -> is(c, "deu", "secret", "disable", "dive-v3-federation-deu-usa"))
        .anyMatch(c -> is(c, "deu", "secret", "disable", "dive-v3-federation-usa-deu"))
        .anyMatch(c -> is(c, "deu", "schedule", "delete", "dive-ops-backup-deu"));
    assertThat(
            activities.planDecommission(new DecommissionPartnerInput("deu", true, true)).changes())
        .anyMatch(c -> is(c, "deu", "volume", "remove", "dive-deu_postgres-data"))
        .anyMatch(c -> is(c, "deu", "secret", "destroy", "dive-v3-redis-deu"));
    assertThat(Files.readAllBytes(registry)).isEqualTo(before);
    assertThat(files(dir.resolve("secrets"))).isEqualTo(secretFiles);
  }

  @Test
  void anInstanceTheRegistryDoesNotHaveIsRefusedNamingTheKnownOnes() {
    DecommissionPlan plan =
        activities.planDecommission(new DecommissionPartnerInput("ita", false, false));

    assertThat(plan.errors())
        .extracting(Finding::path, Finding::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.instance", "unknown-instance"));
    assertThat(plan.errors().get(0).message()).contains("'ita'", "usa, fra, gbr, deu");
  }

  @Test
  void theRegistryWithoutItIsWrittenAsItWasBeforeItJoinedAndARetryChangesNothing()
      throws IOException {
    activities.commitDecommission("deu");
    activities.commitDecommission("deu"); // a retried attempt

    assertThat(Files.readAllBytes(registry))
        .as("byte for byte the registry before DEU was provisioned")
        .isEqualTo(beforeDeu);
    assertThat(dir.resolve("instances/deu/registry-before-decommission.json")).exists();

    // A second run after the commit finishes it: resumed, from the kept registry.
    DecommissionPlan resumed =
        activities.planDecommission(new DecommissionPartnerInput("deu", false, false));
    assertThat(resumed.errors()).isEmpty();
    assertThat(resumed.resumed()).isTrue();
    assertThat(resumed.partners()).containsExactly("usa", "fra", "gbr");
  }

  @Test
  void secretsAreDisabledThenDestroyedWhenPurged() {
    secrets.ensure("dive-v3-redis-usa");
    List<String> disabled = activities.retireSecrets("deu", false);

    assertThat(disabled)
        .contains("dive-v3-redis-deu disabled", "dive-v3-federation-deu-usa disabled")
        .hasSize(7 + 6);
    assertThat(secrets.names()).noneMatch(n -> n.endsWith("-deu") || n.contains("-deu-"));
    assertThatThrownBy(() -> secrets.resolve("dive-v3-redis-deu")).hasMessageContaining("redis");
    assertThat(activities.retireSecrets("deu", false)).contains("dive-v3-redis-deu disabled");

    List<String> destroyed = activities.retireSecrets("deu", true);

    assertThat(destroyed).contains("dive-v3-redis-deu absent");
    assertThat(files(dir.resolve("secrets"))).noneMatch(n -> n.contains("deu"));
    assertThat(secrets.names()).contains("dive-v3-redis-usa");
  }

  @Test
  void finishingRemovesTheInstancesRecordsOnly() throws IOException {
    activities.commitDecommission("deu");
    Files.writeString(dir.resolve("instances/deu/drift.json"), "{}");

    activities.finishDecommission("deu");
    activities.finishDecommission("deu");

    assertThat(dir.resolve("instances/deu")).doesNotExist();
    assertThat(dir.resolve("instances/usa/release.json")).exists();
  }

  private static boolean is(
      PlannedChange c, String instance, String kind, String action, String name) {
    return c.instance().equals(instance)
        && c.kind().equals(kind)
        && c.action().equals(action)
        && c.name().equals(name);
  }

  private static List<String> files(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
