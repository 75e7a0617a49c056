package io.diveops.workflows.backup;

import io.diveops.api.FailureType;
import io.diveops.api.alert.Severity;
import io.diveops.api.backup.BackupActivities;
import io.diveops.api.backup.BackupInput;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.BackupManifest;
import io.diveops.api.backup.BackupStatus;
import io.diveops.api.backup.RestoreActivities;
import io.diveops.api.backup.RestoreInput;
import io.diveops.api.backup.RestoreInstanceWorkflow;
import io.diveops.api.backup.RestoreOutcome;
import io.diveops.api.backup.RestoreResult;
import io.diveops.api.verify.VerificationReport;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.lock.InstanceLock;
import io.diveops.workflows.lock.LockingRunbook;
import io.diveops.workflows.verify.InstanceVerification;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class RestoreInstanceWorkflowImpl extends LockingRunbook implements RestoreInstanceWorkflow {
  static final Duration LOCK_WAIT = Duration.ofHours(2);
  static final List<String> DATASTORES = List.of("postgres", "mongodb", "redis");

  private final BackupActivities backups = BackupStubs.backups();
  static final String WAIT_CANCELLATION_CHANGE = "restore-waits-for-cancelled-steps";

  private RestoreActivities restores;

  private InstanceLock lock;

  @Override
  public RestoreResult restore(RestoreInput input) {
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(input.instance());
    // Runs that began with TRY_CANCEL stubs keep them: a cancellation replays as it was recorded.
    restores =
        Workflow.getVersion(WAIT_CANCELLATION_CHANGE, Workflow.DEFAULT_VERSION, 1)
                == Workflow.DEFAULT_VERSION
            ? BackupStubs.restores(3)
            : BackupStubs.restoresWaitingForCancellation(3);
    long started = Workflow.currentTimeMillis();
    Map<String, Long> stepMs = new LinkedHashMap<>();
    List<VerificationReport> verifications = new ArrayList<>();
    if (input.backup() == null || input.backup().isBlank() || input.backup().equals("latest")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "name the backup id to restore: a disaster recovery does not guess",
          FailureType.INVALID_BACKUP.type());
    }
    BackupManifest backup = backups.resolve(input.instance(), input.backup());
    if (!BackupStatus.VERIFIED.equals(backup.status()) && !input.force()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "backup "
              + backup.id()
              + " of "
              + input.instance()
              + " is "
              + backup.status()
              + (backup.verification() == null
                  ? ""
                  : " (" + backup.verification().failedCheck() + ")")
              + ": only a VERIFIED backup is restored; run verify-backup first, or force",
          FailureType.INVALID_BACKUP.type());
    }

    lock = status.lock(input.instance());
    status.set("waiting for the lock of " + input.instance());
    var blocker = lock.acquire(LOCK_WAIT);
    if (blocker.isPresent()) {
      throw ApplicationFailure.newNonRetryableFailure(
          input.instance() + " stayed locked by " + blocker.get() + " for " + LOCK_WAIT,
          FailureType.INSTANCE_LOCKED.type());
    }
    String checkpoint = null;
    try {
      status.set("checkpoint: backing up the live data first");
      long t = Workflow.currentTimeMillis();
      BackupInstanceWorkflow child =
          Workflow.newChildWorkflowStub(
              BackupInstanceWorkflow.class,
              ChildWorkflowOptions.newBuilder()
                  .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-checkpoint")
                  .build());
      checkpoint = child.backup(new BackupInput(input.instance(), BackupInput.SKIP)).backupId();
      stepMs.put("checkpoint", Workflow.currentTimeMillis() - t);
      String failure =
          restoreAndVerify(input.instance(), backup.id(), stepMs, verifications, "restore");
      if (failure == null) {
        status.set("restored " + backup.id() + " and verified");
        return new RestoreResult(
            input.instance(),
            backup.id(),
            RestoreOutcome.RESTORED,
            checkpoint,
            stepMs,
            null,
            verifications,
            Workflow.currentTimeMillis() - started);
      }
      return compensate(input, backup, checkpoint, stepMs, verifications, failure, started);
    } catch (TemporalFailure e) {
      if (checkpoint == null) {
        throw e; // nothing changed yet: the checkpoint itself failed
      }
      return compensate(
          input, backup, checkpoint, stepMs, verifications, Runbooks.reason(e), started);
    } finally {
      lock.release();
    }
  }

  /**
   * Puts the checkpoint back (detached, so a cancelled run still does) and proves the instance
   * serves.
   */
  private RestoreResult compensate(
      RestoreInput input,
      BackupManifest backup,
      String checkpoint,
      Map<String, Long> stepMs,
      List<VerificationReport> verifications,
      String failure,
      long started) {
    String[] outcome = new String[1];
    Workflow.newDetachedCancellationScope(
            () -> {
              status.set(
                  "restore failed (" + failure + "): putting checkpoint " + checkpoint + " back");
              String rollback =
                  restoreAndVerify(input.instance(), checkpoint, stepMs, verifications, "rollback");
              outcome[0] = rollback;
            })
        .run();
    boolean rolledBack = outcome[0] == null;
    status.set(
        rolledBack ? "rolled back to checkpoint " + checkpoint : "ROLLBACK_FAILED: " + outcome[0]);
    BackupAlerts.send(
        input.instance(),
        "restore-" + Workflow.getInfo().getWorkflowId(),
        rolledBack ? Severity.WARNING : Severity.CRITICAL,
        "restoring "
            + backup.id()
            + " onto "
            + input.instance()
            + " failed ("
            + failure
            + "); "
            + (rolledBack
                ? "the instance is back at checkpoint " + checkpoint
                : "putting checkpoint "
                    + checkpoint
                    + " back failed too ("
                    + outcome[0]
                    + "): hand repair needed, see the restore-instance runbook"));
    return new RestoreResult(
        input.instance(),
        backup.id(),
        rolledBack ? RestoreOutcome.ROLLED_BACK : RestoreOutcome.ROLLBACK_FAILED,
        checkpoint,
        stepMs,
        rolledBack ? failure : failure + "; rollback: " + outcome[0],
        verifications,
        Workflow.currentTimeMillis() - started);
  }

  /**
   * @return null when every datastore was restored and the instance verified, else what failed
   */
  private String restoreAndVerify(
      String instance,
      String backupId,
      Map<String, Long> stepMs,
      List<VerificationReport> verifications,
      String why) {
    for (String datastore : DATASTORES) {
      status.set(why + ": " + datastore + " from " + backupId);
      try {
        stepMs.put(why + " " + datastore, restores.restoreLive(instance, backupId, datastore));
      } catch (TemporalFailure e) {
        return why + " " + datastore + ": " + Runbooks.reason(e);
      }
    }
    status.set(why + ": verifying " + instance);
    long t = Workflow.currentTimeMillis();
    VerificationReport report = InstanceVerification.asChild(instance, why);
    stepMs.put(why + " verify", Workflow.currentTimeMillis() - t);
    verifications.add(report);
    return report.passed()
        ? null
        : "verification failed: " + String.join(", ", report.failedChecks());
  }
}
