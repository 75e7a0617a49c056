package io.diveops.workflows.backup;

import io.diveops.api.alert.Severity;
import io.diveops.workflows.alert.RunbookAlerts;

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
    RunbookAlerts.send(instance, "backup", incident, severity, summary);
  }
}
