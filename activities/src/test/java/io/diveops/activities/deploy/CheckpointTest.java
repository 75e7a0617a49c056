package io.diveops.activities.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.api.deploy.Checkpoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a checkpoint tells compensation: a service that had no container is removed, not started.
 */
class CheckpointTest {
  @Test
  void aServiceWithoutAContainerBeforeTheDeployWasCreatedByIt() throws Exception {
    var present =
        ContainerCheckpoints.of(
            "kas",
            "dive-v3-kas-gbr",
            Optional.of(
                new DockerEngine.ContainerDetails(
                    "dive-ops/app:1.0.0",
                    "sha256:abc",
                    Map.of("A", "1"),
                    Map.of("dive.ops.release", "1.0.0"),
                    List.of("127.0.0.1:18092->8080"),
                    Map.of(),
                    "dive-gbr_default")));
    var absent = ContainerCheckpoints.of("frontend", "dive-v3-frontend-gbr", Optional.empty());
    Checkpoint checkpoint = new Checkpoint("gbr", "1.0.0", "t", List.of(present, absent));
    // As compensation reads it back from the state directory.
    ObjectMapper json = new ObjectMapper();
    Checkpoint read = json.readValue(json.writeValueAsString(checkpoint), Checkpoint.class);
    assertThat(read.createdBy("frontend")).isTrue();
    assertThat(read.createdBy("kas")).isFalse();
    assertThat(read.createdBy("backend")).as("not in the checkpoint: not this run's").isFalse();
  }
}
