package io.diveops.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.StackLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throwaway restore-test datastores hold real data: what a dead or failed run left is swept by
 * label.
 */
class RestoreTestSweepTest {
  static final Path REGISTRY =
      Path.of(System.getProperty("dive.root", "..")).resolve("config/federation-registry.json");
  @TempDir Path dir;

  @Test
  void testsPastTheirLimitOrFromBeforeLimitsAreRemovedOneStillRunningIsLeftAlone() {
    long now = System.currentTimeMillis();
    ContainerState abandoned = container("aaaaaaaaaaaa", "postgres", Long.toString(now - 60_000));
    ContainerState old = container("bbbbbbbbbbbb", "redis", null);
    ContainerState running = container("cccccccccccc", "mongodb", Long.toString(now + 3_600_000));
    DockerEngine docker = mock(DockerEngine.class);
    DockerEngines engines = mock(DockerEngines.class);
    when(engines.forInstance(any())).thenReturn(docker);
    when(docker.findByLabels(
            argThat(
                l ->
                    l != null
                        && l.containsKey(RestoreActivitiesImpl.LABEL_RESTORE_TEST)
                        && "".equals(l.get(RestoreActivitiesImpl.LABEL_RESTORE_TEST))
                        && "usa".equals(l.get(StackLayout.LABEL_INSTANCE)))))
        .thenReturn(List.of(abandoned, old, running));
    when(docker.findByLabels(Map.of(RestoreActivitiesImpl.LABEL_RESTORE_TEST, "aaaaaaaaaaaa")))
        .thenReturn(List.of(abandoned));
    when(docker.findByLabels(Map.of(RestoreActivitiesImpl.LABEL_RESTORE_TEST, "bbbbbbbbbbbb")))
        .thenReturn(List.of(old));

    var activities =
        new RestoreActivitiesImpl(
            new EnabledInstances(REGISTRY, Optional.empty()),
            mock(SecretStore.class),
            engines,
            new LocalBackupStore(dir),
            dir.resolve("scratch"));
    assertThat(activities.sweepRestoreTests("usa")).containsExactly("aaaaaaaaaaaa", "bbbbbbbbbbbb");

    verify(docker).remove(abandoned.name());
    verify(docker).remove(old.name());
    verify(docker, never()).remove(running.name());
    verify(docker).removeVolume(RestoreActivitiesImpl.name("aaaaaaaaaaaa", "postgres"));
    verify(docker).removeNetwork(RestoreActivitiesImpl.network("bbbbbbbbbbbb"));
    verify(docker, never()).removeNetwork(RestoreActivitiesImpl.network("cccccccccccc"));
  }

  @Test
  void aMalformedLimitCountsAsAbandoned() {
    assertThat(
            RestoreActivitiesImpl.outlived(
                Map.of(RestoreActivitiesImpl.LABEL_RESTORE_TEST_UNTIL, "soon"), 0))
        .isTrue();
    assertThat(
            RestoreActivitiesImpl.outlived(
                Map.of(RestoreActivitiesImpl.LABEL_RESTORE_TEST_UNTIL, "10"), 5))
        .isFalse();
  }

  private static ContainerState container(String testId, String service, String until) {
    var labels =
        new java.util.HashMap<String, String>(
            Map.of(
                StackLayout.LABEL_MANAGED,
                "true",
                StackLayout.LABEL_INSTANCE,
                "usa",
                RestoreActivitiesImpl.LABEL_RESTORE_TEST,
                testId));
    if (until != null) {
      labels.put(RestoreActivitiesImpl.LABEL_RESTORE_TEST_UNTIL, until);
    }
    return new ContainerState(
        "id-" + testId,
        RestoreActivitiesImpl.name(testId, service),
        "dive-ops/" + service,
        "running",
        true,
        "healthy",
        null,
        labels);
  }
}
