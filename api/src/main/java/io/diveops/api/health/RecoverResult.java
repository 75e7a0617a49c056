package io.diveops.api.health;

import java.util.List;

/**
 * How a recovery ended.
 *
 * @param outcome {@link RecoverOutcome#RECOVERED} (by restart or recreate), {@link
 *     RecoverOutcome#RESOLVED} (an operator fixed it and the service was verified healthy), {@link
 *     RecoverOutcome#ABORTED} (left to hand by an operator) or {@link RecoverOutcome#NOT_NEEDED}
 *     (healthy again by the time the instance was ours)
 * @param flapping it needed recovery three times within an hour, so it went straight to a human
 * @param rungs every rung tried, in order, with its outcome and duration
 * @param totalMs from the start of the run to its end
 * @param sinceDetectedMs from the first failed probe to the end, when the watcher knew it
 * @param incident the dedup key of the alerts this run sent, or null when it sent none
 */
public record RecoverResult(
    String instance,
    String service,
    RecoverOutcome outcome,
    boolean flapping,
    List<Rung> rungs,
    long totalMs,
    Long sinceDetectedMs,
    String incident) {

  /**
   * @param name lock, check, restart, recreate, human or verify; {@code outcome} e.g. HEALTHY,
   *     FAILED, RETRY
   */
  public record Rung(String name, String outcome, long ms, String detail) {}
}
