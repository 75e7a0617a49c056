package io.diveops.api.alert;

/**
 * One message about one incident. Every message of an incident carries the same {@code dedupKey},
 * so a receiver shows one alert that is updated (escalated, resolved), not one per message.
 *
 * @param severity {@link Severity#INFO} (recovered by itself), {@link Severity#WARNING} (a human is
 *     needed), {@link Severity#CRITICAL} (a human is needed and has not answered in time)
 * @param status {@link AlertStatus#RECOVERED}, {@link AlertStatus#FIRING}, {@link
 *     AlertStatus#REMINDER}, {@link AlertStatus#ESCALATED}, {@link AlertStatus#RESOLVED}, {@link
 *     AlertStatus#ABORTED} or {@link AlertStatus#NOTICE} (a one-off: something was done that a
 *     human should know of, with nothing left open)
 * @param run the workflow id of the run to open in the UI or answer from the CLI
 * @param at when the runbook raised it (epoch ms, workflow time)
 */
public record Alert(
    String dedupKey,
    String instance,
    String service,
    Severity severity,
    AlertStatus status,
    String summary,
    String run,
    long at) {
  public static String groupWorkflowId(String instance) {
    return "alerts-" + instance;
  }
}
