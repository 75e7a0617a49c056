package io.diveops.workflows.backup;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.api.alert.Severity;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

/**
 * A backup that failed, a backup that does not restore, a restore that had to be undone: each is an
 * incident for a human, sent through the instance's alert group like every other alert. A failure
 * to alert never changes the runbook's outcome.
 */
final class BackupAlerts {
  private BackupAlerts() {}

  /**
   * @param incident the dedup key: one backup, one incident, however often it is re-tested
   */
  static void send(String instance, String incident, Severity severity, String summary) {
    NotifierActivities notifier = Workflow.newActivityStub(NotifierActivities.class);
    try {
      notifier.enqueue(
          new Alert(
              incident,
              instance,
              "backup",
              severity,
              AlertStatus.FIRING,
              summary,
              Workflow.getInfo().getWorkflowId(),
              Workflow.currentTimeMillis()));
    } catch (ActivityFailure e) {
      Workflow.getLogger(BackupAlerts.class)
          .warn("alert {} not sent: {}", incident, Runbooks.reason(e));
    }
  }
}
