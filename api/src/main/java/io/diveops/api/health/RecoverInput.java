package io.diveops.api.health;

import java.util.List;

/**
 * What RecoverService is asked to mend.
 *
 * @param recentRecoveries when this service needed recovery before (epoch ms), as HealthWatch
 *     remembers it: three within an hour is flapping, and goes straight to a human
 * @param detectedAt when the service was first seen failing (epoch ms), or null when not known
 * @param seen what the watcher saw, for the alert (never a secret)
 */
public record RecoverInput(
    String instance, String service, List<Long> recentRecoveries, Long detectedAt, String seen) {
  public RecoverInput {
    recentRecoveries = recentRecoveries == null ? List.of() : List.copyOf(recentRecoveries);
  }

  public static String workflowId(String instance, String service) {
    return "recover-" + instance + "-" + service;
  }
}
