package io.diveops.workflows.backup;

import io.diveops.api.backup.BackupActivities;
import io.diveops.api.backup.RestoreActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** How the backup runbooks call their activities: quick bookkeeping, and long heartbeating data steps. */
final class BackupStubs {
  private BackupStubs() {}

  /** Finding, publishing, marking, pruning: seconds each; retried freely. */
  static BackupActivities bookkeeping() {
    return Workflow.newActivityStub(BackupActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
        .build());
  }

  /**
   * Dumps and restores of a large instance take long; the heartbeat lets a dead worker's attempt
   * be taken over within seconds. Each attempt redoes its step from the start.
   */
  static ActivityOptions dataSteps(int attempts) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofHours(2))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(attempts).setInitialInterval(Duration.ofSeconds(2)).build())
        .build();
  }

  static BackupActivities dumps() {
    return Workflow.newActivityStub(BackupActivities.class, dataSteps(3));
  }

  static RestoreActivities restores(int attempts) {
    return Workflow.newActivityStub(RestoreActivities.class, dataSteps(attempts));
  }

  /**
   * Restore steps whose compensation touches the same things (a live restore and the checkpoint put
   * back into the same collections; a restore test and the removal of its containers): a cancelled
   * step is waited for until it has stopped, so the compensation never runs beside it.
   */
  static RestoreActivities restoresWaitingForCancellation(int attempts) {
    return Workflow.newActivityStub(RestoreActivities.class, ActivityOptions.newBuilder(dataSteps(attempts))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build());
  }
}
