package io.diveops.api.health;

import java.util.List;
import java.util.Map;

/**
 * How HealthWatch watches one instance; also the state it carries across continue-as-new.
 *
 * @param intervalSeconds between two probes (default 2)
 * @param threshold consecutive failed probes that start a recovery (default 2)
 * @param probesPerRun probes before the run continues as new, keeping its history small (default
 *     150)
 * @param paused carried across continue-as-new
 * @param recentRecoveries per service, when HealthWatch started a recovery (epoch ms, last hour)
 * @param incidents per service, since when a recovery of it is open (epoch ms); carried
 * @param handsOff services an operator aborted the recovery of: left alone until healthy; carried
 * @param probeIncident the dedup key of the open "cannot probe" alert, or null; carried
 */
public record HealthWatchInput(
    String instance,
    Integer intervalSeconds,
    Integer threshold,
    Integer probesPerRun,
    boolean paused,
    Map<String, List<Long>> recentRecoveries,
    Map<String, Long> incidents,
    List<String> handsOff,
    String probeIncident) {
  public static final int DEFAULT_INTERVAL_SECONDS = 2;
  public static final int DEFAULT_THRESHOLD = 2;
  public static final int DEFAULT_PROBES_PER_RUN = 150;

  public HealthWatchInput {
    intervalSeconds =
        intervalSeconds == null || intervalSeconds < 1 ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
    threshold = threshold == null || threshold < 1 ? DEFAULT_THRESHOLD : threshold;
    probesPerRun = probesPerRun == null || probesPerRun < 1 ? DEFAULT_PROBES_PER_RUN : probesPerRun;
    recentRecoveries = recentRecoveries == null ? Map.of() : Map.copyOf(recentRecoveries);
    incidents = incidents == null ? Map.of() : Map.copyOf(incidents);
    handsOff = handsOff == null ? List.of() : List.copyOf(handsOff);
  }

  public static HealthWatchInput of(String instance, int intervalSeconds, int threshold) {
    return new HealthWatchInput(
        instance, intervalSeconds, threshold, null, false, null, null, null, null);
  }

  public static String workflowId(String instance) {
    return "health-watch-" + instance;
  }
}
