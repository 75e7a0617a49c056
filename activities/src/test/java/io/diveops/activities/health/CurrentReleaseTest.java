package io.diveops.activities.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.diveops.activities.deploy.ServiceContainers;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RealRegistry;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.StackLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release a recreated service gets: its container's label, else the release history's current
 * release, else what most of the instance's containers run. Read from a mocked engine: no Docker.
 */
class CurrentReleaseTest {
  static final String KAS = "dive-fra-kas";
  static final Map<String, String> MANAGED = Map.of(StackLayout.LABEL_INSTANCE, "fra", StackLayout.LABEL_MANAGED, "true");

  @TempDir Path instances;
  final DockerEngine docker = mock(DockerEngine.class);
  final EnabledInstances registry = new EnabledInstances(RealRegistry.FILE, Optional.empty());
  final Instance fra = registry.get("fra");
  RecoverActivitiesImpl recover;

  @BeforeEach
  void recover() {
    recover = new RecoverActivitiesImpl(
        new ServiceContainers(registry, instances, mock(SecretStore.class), mock(DockerEngines.class)), instances);
  }

  @Test
  void theContainersOwnLabelWins() {
    new ReleaseHistory(instances).deployed("fra", "1.1.0", "1.0.0");
    when(docker.inspect(KAS)).thenReturn(Optional.of(container(KAS, "1.0.0")));
    assertThat(recover.currentRelease("fra", fra, docker, KAS)).isEqualTo("1.0.0");
  }

  @Test
  void withoutAContainerTheRecordedCurrentReleaseIsUsed() {
    new ReleaseHistory(instances).deployed("fra", "1.1.0", "1.0.0");
    when(docker.inspect(KAS)).thenReturn(Optional.empty());
    when(docker.findByLabels(MANAGED)).thenReturn(List.of(container("dive-fra-backend", "1.0.0")));
    assertThat(recover.currentRelease("fra", fra, docker, KAS)).isEqualTo("1.1.0");
  }

  @Test
  void aStackTakenDownOnPurposeFallsBackToWhatMostContainersRun() {
    ReleaseHistory history = new ReleaseHistory(instances);
    history.deployed("fra", "1.1.0", "1.0.0");
    history.removed("fra");
    when(docker.inspect(KAS)).thenReturn(Optional.empty());
    when(docker.findByLabels(MANAGED)).thenReturn(List.of(container("dive-fra-backend", "1.0.0"),
        container("dive-fra-opa", "1.1.0"), container("dive-fra-redis", "1.0.0"), container("dive-fra-old", null)));
    assertThat(recover.currentRelease("fra", fra, docker, KAS)).isEqualTo("1.0.0");
  }

  @Test
  void nothingToGoByIsAnErrorNamingTheRecordItLookedFor() {
    when(docker.inspect(KAS)).thenReturn(Optional.empty());
    when(docker.findByLabels(MANAGED)).thenReturn(List.of());
    assertThatThrownBy(() -> recover.currentRelease("fra", fra, docker, KAS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no release known for instance fra")
        .hasMessageContaining(new ReleaseHistory(instances).file("fra").toString());
  }

  private static ContainerState container(String name, String release) {
    Map<String, String> labels = release == null ? MANAGED : Map.of(StackLayout.LABEL_INSTANCE, "fra",
        StackLayout.LABEL_MANAGED, "true", StackLayout.LABEL_RELEASE, release);
    return new ContainerState(name + "-id", name, "dive-ops/app:" + release, "running", true, "healthy", null, labels);
  }
}
