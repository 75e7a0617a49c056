package io.diveops.workflows.backup;

import io.diveops.api.alert.Severity;
import io.diveops.api.backup.BackupActivities;
import io.diveops.api.backup.BackupManifest;
import io.diveops.api.backup.RestoreActivities;
import io.diveops.api.backup.RestoreActivities.RestoreCheck;
import io.diveops.api.backup.VerifyBackupInput;
import io.diveops.api.backup.VerifyBackupResult;
import io.diveops.api.backup.VerifyBackupWorkflow;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

public class VerifyBackupWorkflowImpl implements VerifyBackupWorkflow {
  private final BackupActivities backups = BackupStubs.backups();

  /**
   * Version 1: restore-test steps are waited for when cancelled, earlier tests' leftovers are swept
   * first, and a failed cleanup is reported beside the verdict instead of replacing it.
   */
  static final String HARDENING_CHANGE = "verify-backup-sweep-and-keep-verdict";

  private RestoreActivities restores;

  private String progress = "starting";

  @Override
  public VerifyBackupResult verify(VerifyBackupInput input) {
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(input.instance());
    boolean hardened = Workflow.getVersion(HARDENING_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    restores = hardened ? BackupStubs.restoresWaitingForCancellation(2) : BackupStubs.restores(2);
    long started = Workflow.currentTimeMillis();
    List<String> swept = List.of();
    String sweepFailure = null;
    if (hardened) {
      progress = "sweeping the throwaway datastores of earlier restore tests";
      try {
        swept = restores.sweepRestoreTests(input.instance());
      } catch (ActivityFailure e) {
        sweepFailure =
            "sweeping earlier restore tests failed: "
                + Runbooks.reason(e); // reported; the test still runs
      }
    }
    progress = "finding " + input.backup();
    BackupManifest backup = backups.resolve(input.instance(), input.backup());
    String testId = Workflow.getInfo().getRunId().replace("-", "").substring(0, 12);

    progress = "checking the artifacts of " + backup.id();
    RestoreCheck check = restores.checkArtifacts(input.instance(), backup.id());
    List<String> checks = new ArrayList<>(check.checks());
    if (sweepFailure != null) {
      checks.add(0, sweepFailure);
    }
    String cleanup = VerifyBackupResult.NOTHING_TO_CLEAN;
    if (check.passed()) {
      progress = "restoring " + backup.id() + " into throwaway datastores";
      try {
        check = restores.restoreTest(input.instance(), backup.id(), testId);
      } catch (ActivityFailure e) {
        String failure = "restore: " + Runbooks.reason(e);
        check = new RestoreCheck(false, failure, List.of("FAILED: " + failure), 0);
      } finally {
        // The throwaway containers go whatever happened, also when the run is cancelled.
        progress = "removing the throwaway datastores";
        cleanup = removeRestoreTest(input.instance(), testId, hardened);
      }
      checks.addAll(check.checks());
    }
    BackupManifest marked =
        backups.recordVerification(
            input.instance(),
            backup.id(),
            new BackupManifest.Verification(
                check.passed(),
                Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString(),
                check.failedCheck(),
                checks,
                check.rtoMs(),
                Workflow.getInfo().getWorkflowId()));
    progress = marked.status() + (check.passed() ? "" : ": " + check.failedCheck());
    if (!check.passed()) {
      BackupAlerts.send(
          input.instance(),
          "backup-" + input.instance() + "-" + backup.id(),
          Severity.WARNING,
          "backup "
              + backup.id()
              + " of "
              + input.instance()
              + " failed its restore test: "
              + check.failedCheck());
    }
    return new VerifyBackupResult(
        input.instance(),
        backup.id(),
        marked.status(),
        check.failedCheck(),
        checks,
        check.rtoMs(),
        Workflow.currentTimeMillis() - started,
        cleanup,
        swept);
  }

  /**
   * Removes this test's throwaway datastores (detached: also when the run is cancelled). Their
   * removal failing says nothing about the backup: the verdict stands, the failure is reported
   * beside it and the next run's sweep removes what is left.
   */
  private String removeRestoreTest(String instance, String testId, boolean hardened) {
    if (!hardened) {
      Workflow.newDetachedCancellationScope(() -> restores.removeRestoreTest(instance, testId))
          .run();
      return VerifyBackupResult.REMOVED;
    }
    String[] outcome = {VerifyBackupResult.REMOVED};
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                restores.removeRestoreTest(instance, testId);
              } catch (ActivityFailure e) {
                outcome[0] =
                    "FAILED: "
                        + Runbooks.reason(e)
                        + " (the next verify-backup sweeps restore test "
                        + testId
                        + ")";
              }
            })
        .run();
    return outcome[0];
  }

  @Override
  public String progress() {
    return progress;
  }
}
