package io.diveops.api.health;

import java.util.List;
import java.util.Map;

/**
 * What HealthWatch sees now (its {@code status} query).
 *
 * @param lastAction the last thing it did or declined to do, e.g. "started recover-fra-redis"
 * @param deferrals how often it held back because a changing runbook held the instance
 * @param incidents open recoveries: service → since when (epoch ms)
 * @param handsOff services left alone after an operator aborted their recovery, until healthy again
 * @param provisioned false while the instance was never brought up (or was taken down on purpose)
 */
public record HealthWatchStatus(
    String instance,
    boolean paused,
    long probes,
    Long lastProbeAt,
    List<ServiceWatch> services,
    String lastAction,
    int deferrals,
    Map<String, List<Long>> recentRecoveries,
    Map<String, Long> incidents,
    List<String> handsOff,
    boolean provisioned) {

  /**
   * @param failures consecutive failed probes; {@code since} the first of them (epoch ms)
   */
  public record ServiceWatch(
      String service, String status, int failures, Long since, String detail) {}
}
