package io.diveops.workflows.alert;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.api.alert.Severity;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

/**
 * A runbook's incident for a human, sent through the instance's alert group like every other alert.
 * A failure to alert never changes the runbook's outcome.
 */
public final class RunbookAlerts {
  private RunbookAlerts() {}

  /**
   * @param service what raised it, e.g. {@code backup}, {@code provision}
   * @param incident the dedup key: one incident, however often it is raised again
   */
  public static void send(
      String instance, String service, String incident, Severity severity, String summary) {
    send(instance, service, incident, severity, AlertStatus.FIRING, summary);
  }

  /** As above, with the message's status ({@code RESOLVED} when the incident is over). */
  public static void send(
      String instance,
      String service,
      String incident,
      Severity severity,
      AlertStatus status,
      String summary) {
    NotifierActivities notifier = Workflow.newActivityStub(NotifierActivities.class);
    try {
      notifier.enqueue(
          new Alert(
              incident,
              instance,
              service,
              severity,
              status,
              summary,
              Workflow.getInfo().getWorkflowId(),
              Workflow.currentTimeMillis()));
    } catch (ActivityFailure e) {
      Workflow.getLogger(RunbookAlerts.class)
          .warn("alert {} not sent: {}", incident, Runbooks.reason(e));
    }
  }
}
