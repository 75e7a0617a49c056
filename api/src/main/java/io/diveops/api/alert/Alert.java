package io.diveops.api.alert;

/**
 * One message about one incident. Every message of an incident carries the same {@code dedupKey},
 * so a receiver shows one alert that is updated (escalated, resolved), not one per message.
 *
 * @param severity {@link #INFO} (recovered by itself), {@link #WARNING} (a human is needed),
 *     {@link #CRITICAL} (a human is needed and has not answered in time)
 * @param status {@link #RECOVERED}, {@link #FIRING}, {@link #REMINDER}, {@link #ESCALATED},
 *     {@link #RESOLVED}, {@link #ABORTED} or {@link #NOTICE} (a one-off: something was done that a
 *     human should know of, with nothing left open)
 * @param run the workflow id of the run to open in the UI or answer from the CLI
 * @param at when the runbook raised it (epoch ms, workflow time)
 */
public record Alert(
    String dedupKey, String instance, String service, String severity, String status, String summary, String run, long at) {
  public static final String INFO = "info";
  public static final String WARNING = "warning";
  public static final String CRITICAL = "critical";

  public static final String RECOVERED = "RECOVERED";
  public static final String FIRING = "FIRING";
  public static final String REMINDER = "REMINDER";
  public static final String ESCALATED = "ESCALATED";
  public static final String RESOLVED = "RESOLVED";
  public static final String ABORTED = "ABORTED";
  public static final String NOTICE = "NOTICE";

  public static String groupWorkflowId(String instance) {
    return "alerts-" + instance;
  }
}
