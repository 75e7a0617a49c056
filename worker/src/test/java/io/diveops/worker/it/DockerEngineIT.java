package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerSpec.HealthSpec;
import io.diveops.activities.docker.ContainerSpec.PortMapping;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerException;
import io.diveops.activities.docker.DockerHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The docker-java adapter against the real engine, with the sandbox's stand-in app image. */
class DockerEngineIT {
  static final String IMAGE = "dive-ops/app:1.0.0";
  private final DockerEngine docker = DockerEngine.connect(DockerHost.local());
  private final String name = "dive-ops-engine-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final String network = name + "-net";

  @AfterEach
  void cleanUp() {
    docker.remove(name);
    docker.remove(name + "-old");
    docker.removeNetwork(network);
    docker.close();
  }

  @Test
  void createStartHealthyExecLogsCopyRenameRemove() {
    docker.ensureNetwork(network, Map.of("dive.ops.managed", "true"));
    docker.ensureNetwork(network, Map.of("dive.ops.managed", "true"));
    docker.create(spec(Map.of()));
    docker.start(name);
    docker.start(name);
    var state = docker.waitHealthy(name, Duration.ofSeconds(60));
    assertThat(state.running()).isTrue();
    assertThat(state.health()).isEqualTo("healthy");
    assertThat(state.labels()).containsEntry("dive.ops.managed", "true");

    assertThat(docker.findByLabels(Map.of("dive.ops.test", name)))
        .extracting(s -> s.name())
        .containsExactly(name);
    var exec =
        docker.exec(
            name, List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
    assertThat(exec.exitCode()).isEqualTo(3);
    assertThat(exec.stdout()).isEqualTo("out\n");
    assertThat(exec.stderr()).isEqualTo("err\n");
    assertThat(docker.logsTail(name, 5)).contains("start service=backend");

    docker.copyIn(name, "/tmp", Map.of("note.txt", "hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(docker.copyOut(name, "/tmp/note.txt"), StandardCharsets.UTF_8))
        .isEqualTo("hello");

    docker.stop(name, Duration.ofSeconds(5));
    docker.stop(name, Duration.ofSeconds(5));
    docker.rename(name, name + "-old");
    assertThat(docker.inspect(name)).isEmpty();
    assertThat(docker.inspect(name + "-old"))
        .hasValueSatisfying(s -> assertThat(s.running()).isFalse());
    docker.remove(name + "-old");
    docker.remove(name + "-old");
    assertThat(docker.inspect(name + "-old")).isEmpty();
  }

  @Test
  void aCrashingContainerFailsTheWaitAtOnceWithItsLogs() {
    docker.ensureNetwork(network, Map.of());
    docker.create(spec(Map.of("DIVE_FAULT", "crash")));
    docker.start(name);
    long start = System.nanoTime();
    assertThatThrownBy(() -> docker.waitHealthy(name, Duration.ofSeconds(60)))
        .isInstanceOf(DockerException.class)
        .hasMessageContaining(name)
        .hasMessageContaining("exited with code 1")
        .satisfies(e -> assertThat(((DockerException) e).retryable()).isFalse());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void engineErrorsNameTheContainerAndAreClassified() {
    assertThatThrownBy(() -> docker.create(spec(Map.of()).withImage("dive-ops/no-such-image:0")))
        .isInstanceOf(DockerException.class)
        .hasMessageContaining("create container " + name)
        .hasMessageContaining("no-such-image")
        .satisfies(e -> assertThat(((DockerException) e).retryable()).isFalse());
    assertThatThrownBy(() -> docker.rename("dive-ops-absent-" + name, "x-" + name))
        .isInstanceOf(DockerException.class)
        .hasMessageContaining("dive-ops-absent-" + name);
    DockerEngine unreachable =
        DockerEngine.connect(new DockerHost("tcp://127.0.0.1:1", java.util.Optional.empty()));
    assertThatThrownBy(() -> unreachable.inspect("anything"))
        .isInstanceOf(DockerException.class)
        .hasMessageContaining("tcp://127.0.0.1:1")
        .satisfies(e -> assertThat(((DockerException) e).retryable()).isTrue());
  }

  private ContainerSpec spec(Map<String, String> extraEnv) {
    Map<String, String> env =
        new java.util.HashMap<>(Map.of("PORT", "8080", "DIVE_SERVICE", "backend"));
    env.putAll(extraEnv);
    return new ContainerSpec(
        name,
        IMAGE,
        env,
        Map.of("dive.ops.managed", "true", "dive.ops.test", name),
        List.of(PortMapping.loopback(FreePort.pick(), 8080)),
        network,
        List.of("backend"),
        Map.of(),
        List.of(),
        new HealthSpec(
            List.of("CMD", "curl", "-fs", "http://127.0.0.1:8080/health"),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            3,
            Duration.ofSeconds(10)));
  }
}
