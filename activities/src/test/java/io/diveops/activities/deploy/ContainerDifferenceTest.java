package io.diveops.activities.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deploy plan's verdict per service: what makes it replace a container, and what leaves it alone. */
class ContainerDifferenceTest {
  static final ContainerSpec DESIRED = new ContainerSpec("dive-fra-backend", "dive-ops/backend:1.1.0",
      Map.of("LOG_LEVEL", "info", "MONGO_URL", "mongodb://mongo:27017"), Map.of(), List.of(), "dive-fra",
      List.of("backend"), Map.of(), List.of(), null);

  @Test
  void noContainerIsCreated() {
    assertThat(ContainerDifference.between(Optional.empty(), Map.of(), DESIRED)).contains("no container: create");
  }

  @Test
  void anotherImageIsReplacedAndTheReasonNamesBoth() {
    assertThat(ContainerDifference.between(live("dive-ops/backend:1.0.0", true), DESIRED.env(), DESIRED))
        .contains("image dive-ops/backend:1.0.0 -> dive-ops/backend:1.1.0");
  }

  @Test
  void changedOrMissingVariablesAreNamedSortedWithoutTheirValues() {
    Map<String, String> liveEnv = Map.of("MONGO_URL", "mongodb://old:27017", "PATH", "/usr/bin");
    assertThat(ContainerDifference.between(live(DESIRED.image(), true), liveEnv, DESIRED))
        .contains("environment: LOG_LEVEL, MONGO_URL");
  }

  @Test
  void variablesTheReleaseDoesNotSetAreNoDifference() {
    Map<String, String> liveEnv = new java.util.HashMap<>(DESIRED.env());
    liveEnv.put("PATH", "/usr/local/bin:/usr/bin");
    assertThat(ContainerDifference.between(live(DESIRED.image(), true), liveEnv, DESIRED)).isEmpty();
  }

  @Test
  void aStoppedContainerOfTheRightReleaseIsRecreated() {
    assertThat(ContainerDifference.between(live(DESIRED.image(), false), DESIRED.env(), DESIRED))
        .contains("not running: recreate");
  }

  @Test
  void theImageIsJudgedBeforeTheEnvironmentAndTheEnvironmentBeforeTheState() {
    assertThat(ContainerDifference.between(live("dive-ops/backend:1.0.0", false), Map.of(), DESIRED))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("image"));
    assertThat(ContainerDifference.between(live(DESIRED.image(), false), Map.of(), DESIRED))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("environment"));
  }

  private static Optional<ContainerState> live(String image, boolean running) {
    return Optional.of(new ContainerState("0123456789ab", DESIRED.name(), image, running ? "running" : "exited", running,
        running ? "healthy" : "none", running ? null : 0, Map.of()));
  }
}
