package io.diveops.workflows.health;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.api.alert.Severity;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

/**
 * The alerts of one run that may need a human (a recovery, a deploy that could not roll back): one
 * incident, one dedup key (the run), so a receiver shows one alert with its updates. A failure to
 * alert never fails the run itself.
 */
public final class IncidentAlerts {
  private final NotifierActivities notifier = Workflow.newActivityStub(NotifierActivities.class);
  private final String instance;
  private final String service;
  private final String incident =
      Workflow.getInfo().getWorkflowId() + "/" + Workflow.getInfo().getFirstExecutionRunId();
  private Severity severity = Severity.WARNING;
  private boolean paged;
  private boolean escalated;
  private boolean sent;

  IncidentAlerts(String instance, String service) {
    this.instance = instance;
    this.service = service;
  }

  /** For what is critical from its first message on (an instance a deploy left half-changed). */
  public static IncidentAlerts critical(String instance, String subject) {
    IncidentAlerts alerts = new IncidentAlerts(instance, subject);
    alerts.severity = Severity.CRITICAL;
    return alerts;
  }

  /** The first call opens the incident (FIRING); later ones update it. */
  public void page(String problem) {
    if (paged) {
      send(
          AlertStatus.REMINDER,
          severity,
          "still failing: " + RecoverServiceWorkflowImpl.firstLine(problem));
    } else {
      paged = true;
      send(
          AlertStatus.FIRING,
          severity,
          "needs an operator: " + RecoverServiceWorkflowImpl.firstLine(problem));
    }
  }

  /** News on an open incident (it failed again, it is up again): the same alert, updated. */
  void update(String summary) {
    send(AlertStatus.REMINDER, severity, summary);
  }

  boolean paged() {
    return paged;
  }

  void escalate(String why) {
    escalated = true;
    severity = Severity.CRITICAL;
    send(AlertStatus.ESCALATED, severity, why);
  }

  public void send(AlertStatus status, Severity level, String summary) {
    sent = true;
    try {
      notifier.enqueue(
          new Alert(
              incident,
              instance,
              service,
              level,
              status,
              summary,
              Workflow.getInfo().getWorkflowId(),
              Workflow.currentTimeMillis()));
    } catch (ActivityFailure e) {
      Workflow.getLogger(IncidentAlerts.class)
          .warn("alert {} {} not sent: {}", status, incident, Runbooks.reason(e));
    }
  }

  /**
   * One line of a problem for an alert: container logs (which could hold anything) stay in the
   * result.
   */
  public static String oneLine(String problem) {
    return RecoverServiceWorkflowImpl.firstLine(problem);
  }

  public Severity severity() {
    return severity;
  }

  boolean escalated() {
    return escalated;
  }

  String incident() {
    return sent ? incident : null;
  }
}
