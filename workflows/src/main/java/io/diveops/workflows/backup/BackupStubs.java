package io.diveops.workflows.backup;

import io.diveops.api.backup.BackupActivities;
import io.diveops.api.backup.RestoreActivities;
import io.diveops.workflows.ActivityPolicies;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

/**
 * How the backup runbooks call their activities. Backup steps take their options per activity type
 * ({@link ActivityPolicies}); restore steps are given theirs here, because how many attempts they
 * get and whether a cancelled one is waited for depend on the runbook and its version.
 */
final class BackupStubs {
  private BackupStubs() {}

  /** Bookkeeping (seconds each, retried freely) and dumps (long, heartbeating). */
  static BackupActivities backups() {
    return Workflow.newActivityStub(BackupActivities.class);
  }

  static RestoreActivities restores(int attempts) {
    return Workflow.newActivityStub(RestoreActivities.class, ActivityPolicies.dataSteps(attempts));
  }

  /**
   * Restore steps whose compensation touches the same things (a live restore and the checkpoint put
   * back into the same collections; a restore test and the removal of its containers): a cancelled
   * step is waited for until it has stopped, so the compensation never runs beside it.
   */
  static RestoreActivities restoresWaitingForCancellation(int attempts) {
    return Workflow.newActivityStub(
        RestoreActivities.class,
        ActivityOptions.newBuilder(ActivityPolicies.dataSteps(attempts))
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .build());
  }
}
