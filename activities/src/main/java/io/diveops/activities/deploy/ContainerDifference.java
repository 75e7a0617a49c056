package io.diveops.activities.deploy;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a deploy plan replaces a service: the first way its live container differs from the one the
 * release gives it. Pure, so the plan's decisions are tested without Docker.
 */
final class ContainerDifference {
  private ContainerDifference() {}

  /**
   * The reason to (re)create, or empty when the live container already is the desired one. Only
   * the variables the release sets are compared: Docker and the image add their own.
   *
   * @param live the container under the desired name, if any
   * @param liveEnv its environment (empty when there is no container)
   */
  static Optional<String> between(Optional<ContainerState> live, Map<String, String> liveEnv, ContainerSpec desired) {
    if (live.isEmpty()) {
      return Optional.of("no container: create");
    }
    if (!live.get().image().equals(desired.image())) {
      return Optional.of("image " + live.get().image() + " -> " + desired.image());
    }
    List<String> changedKeys = desired.env().entrySet().stream()
        .filter(e -> !e.getValue().equals(liveEnv.get(e.getKey()))).map(Map.Entry::getKey).sorted().toList();
    if (!changedKeys.isEmpty()) {
      return Optional.of("environment: " + String.join(", ", changedKeys));
    }
    if (!live.get().running()) {
      return Optional.of("not running: recreate");
    }
    return Optional.empty();
  }
}
