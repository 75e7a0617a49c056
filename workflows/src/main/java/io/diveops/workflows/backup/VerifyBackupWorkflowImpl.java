package io.diveops.workflows.backup;

import io.diveops.activities.alert.Alert;
import io.diveops.activities.backup.BackupActivities;
import io.diveops.activities.backup.BackupManifest;
import io.diveops.activities.backup.RestoreActivities;
import io.diveops.activities.backup.RestoreActivities.RestoreCheck;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

public class VerifyBackupWorkflowImpl implements VerifyBackupWorkflow {
  private final BackupActivities backups = BackupStubs.bookkeeping();
  private final RestoreActivities restores = BackupStubs.restores(2);

  private String progress = "starting";

  @Override
  public VerifyBackupResult verify(VerifyBackupInput input) {
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(input.instance());
    long started = Workflow.currentTimeMillis();
    progress = "finding " + input.backup();
    BackupManifest backup = backups.resolve(input.instance(), input.backup());
    String testId = Workflow.getInfo().getRunId().replace("-", "").substring(0, 12);

    progress = "checking the artifacts of " + backup.id();
    RestoreCheck check = restores.checkArtifacts(input.instance(), backup.id());
    List<String> checks = new ArrayList<>(check.checks());
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
        Workflow.newDetachedCancellationScope(() -> restores.removeRestoreTest(input.instance(), testId)).run();
      }
      checks.addAll(check.checks());
    }
    BackupManifest marked = backups.recordVerification(input.instance(), backup.id(), new BackupManifest.Verification(
        check.passed(), Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString(), check.failedCheck(), checks,
        check.rtoMs(), Workflow.getInfo().getWorkflowId()));
    progress = marked.status() + (check.passed() ? "" : ": " + check.failedCheck());
    if (!check.passed()) {
      BackupAlerts.send(input.instance(), "backup-" + input.instance() + "-" + backup.id(), Alert.WARNING,
          "backup " + backup.id() + " of " + input.instance() + " failed its restore test: " + check.failedCheck());
    }
    return new VerifyBackupResult(input.instance(), backup.id(), marked.status(), check.failedCheck(), checks, check.rtoMs(),
        Workflow.currentTimeMillis() - started);
  }

  @Override
  public String progress() {
    return progress;
  }
}
