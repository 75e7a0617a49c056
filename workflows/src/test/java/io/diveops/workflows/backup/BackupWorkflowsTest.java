package io.diveops.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.FailureType;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.api.alert.Severity;
import io.diveops.api.backup.BackupActivities;
import io.diveops.api.backup.BackupActivities.BackupStart;
import io.diveops.api.backup.BackupActivities.DumpPart;
import io.diveops.api.backup.BackupInput;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.BackupManifest;
import io.diveops.api.backup.BackupResult;
import io.diveops.api.backup.BackupStatus;
import io.diveops.api.backup.RestoreActivities;
import io.diveops.api.backup.RestoreActivities.RestoreCheck;
import io.diveops.api.backup.RestoreInput;
import io.diveops.api.backup.RestoreInstanceWorkflow;
import io.diveops.api.backup.RestoreOutcome;
import io.diveops.api.backup.RestoreResult;
import io.diveops.api.backup.RetentionReport;
import io.diveops.api.backup.VerifyBackupInput;
import io.diveops.api.backup.VerifyBackupResult;
import io.diveops.api.backup.VerifyBackupWorkflow;
import io.diveops.api.verify.VerifyActivities;
import io.diveops.workflows.ActivityOptionsRecorder;
import io.diveops.workflows.VerifyChecks;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.diveops.workflows.verify.VerifyInstanceWorkflowImpl;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backup, restore test and restore with mocked steps: what is published, discarded, marked, put
 * back.
 */
class BackupWorkflowsTest {
  private final ActivityOptionsRecorder options = new ActivityOptionsRecorder();
  private static final BackupManifest.Artifact DUMP =
      new BackupManifest.Artifact("postgres/keycloak.dump", "postgres-dump", "ab", 10);

  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(
              BackupInstanceWorkflowImpl.class,
              VerifyBackupWorkflowImpl.class,
              RestoreInstanceWorkflowImpl.class,
              VerifyInstanceWorkflowImpl.class)
          .withLocks()
          .interceptors(options);

  private final BackupActivities backups = temporal.mock(BackupActivities.class);
  private final RestoreActivities restores = temporal.mock(RestoreActivities.class);
  private final VerifyActivities verify = temporal.mock(VerifyActivities.class);
  private final NotifierActivities notifier = temporal.mock(NotifierActivities.class);

  @BeforeEach
  void stubs() {
    when(backups.prepare(eq("usa"), anyString()))
        .thenAnswer(
            a ->
                new BackupStart(
                    "usa",
                    a.getArgument(1),
                    "2026-11-26T02:00:00Z",
                    "1.0.0",
                    Map.of("postgres", "15"),
                    a.getArgument(1)));
    when(backups.dumpPostgres(eq("usa"), anyString()))
        .thenReturn(new DumpPart(List.of(DUMP), Map.of("keycloak.public.user_entity", 4L)));
    when(backups.dumpMongo(eq("usa"), anyString()))
        .thenReturn(new DumpPart(List.of(), Map.of("dive-v3.resources", 5L)));
    when(backups.dumpRedis(eq("usa"), anyString()))
        .thenReturn(new DumpPart(List.of(), Map.of("keys", 2L, "persistentKeys", 1L)));
    when(backups.dumpVolumes(eq("usa"), anyString())).thenReturn(new DumpPart(List.of(), Map.of()));
    when(backups.dumpConfig(eq("usa"), anyString())).thenReturn(new DumpPart(List.of(), Map.of()));
    when(backups.publish(any()))
        .thenAnswer(
            a -> {
              BackupManifest staged = a.getArgument(0);
              return new BackupManifest(
                  staged.format(),
                  staged.instance(),
                  staged.id(),
                  staged.createdAt(),
                  "now",
                  staged.release(),
                  BackupStatus.COMPLETE,
                  staged.artifacts(),
                  staged.toolVersions(),
                  staged.counts(),
                  staged.sentinel(),
                  staged.stepMs(),
                  null);
            });
    when(backups.applyRetention(anyString(), anyBoolean()))
        .thenReturn(new RetentionReport("usa", false, List.of(), List.of(), List.of()));
    VerifyChecks.passing(verify, "usa");
  }

  @Test
  void aBackupPublishesEverythingItDumpedWithItsCountsThenAppliesRetention() {
    BackupResult result = backupStub().backup(BackupInput.of("usa"));
    assertThat(result.status()).isEqualTo(BackupStatus.COMPLETE);
    assertThat(result.artifacts()).isEqualTo(1);
    assertThat(result.sizeBytes()).isEqualTo(DUMP.sizeBytes());
    assertThat(result.counts())
        .containsEntry("rows", 4L)
        .containsEntry("documents", 5L)
        .containsEntry("redisKeys", 2L);
    assertThat(result.stepMs()).containsKeys("postgres", "mongodb", "redis", "volumes", "config");
    var order = inOrder(backups);
    order.verify(backups).prepare(eq("usa"), eq(result.backupId()));
    order.verify(backups).dumpPostgres("usa", result.backupId());
    order
        .verify(backups)
        .publish(
            argThat(
                m ->
                    m.counts().redisKeys() == 2
                        && Long.valueOf(1).equals(m.counts().redisPersistentKeys())
                        && m.counts().documents().equals(Map.of("dive-v3.resources", 5L))));
    order.verify(backups).applyRetention("usa", false);
    verify(backups, never()).discard(anyString(), anyString());
  }

  @Test
  void twoBackupsStartedInTheSameSecondStageAndPublishUnderDistinctIds() throws Exception {
    // Both runs start within the same second unless the clock ticks between them (a loaded
    // machine):
    // the ids must differ either way, so only the format and the difference are asserted.
    BackupInstanceWorkflow first = backupStub();
    BackupInstanceWorkflow second = backupStub();
    var a = WorkflowClient.execute(first::backup, BackupInput.of("usa"));
    var b = WorkflowClient.execute(second::backup, BackupInput.of("usa"));
    String idA = a.get().backupId();
    String idB = b.get().backupId();
    assertThat(idA).isNotEqualTo(idB).matches("\\d{8}T\\d{6}Z-\\d{3}-[0-9a-f]{8}");
    verify(backups).prepare("usa", idA);
    verify(backups).prepare("usa", idB);
  }

  @Test
  void aFailedDumpDiscardsTheStagedBackupAndFailsNamingTheStep() {
    when(backups.dumpRedis(eq("usa"), anyString()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "redis/dump.rdb: No space left on device", FailureType.BACKUP_FAILED.type()));
    assertThatThrownBy(() -> backupStub().backup(BackupInput.of("usa")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("failed at redis")
        .hasMessageContaining("No space left on device")
        .hasMessageContaining("nothing was published");
    verify(backups).discard(eq("usa"), anyString());
    verify(backups, never()).publish(any());
    verify(backups, never()).applyRetention(anyString(), anyBoolean());
    verify(notifier)
        .enqueue(
            argThat(
                a ->
                    a.severity().equals(Severity.WARNING)
                        && a.summary().contains("failed at redis")));
  }

  @Test
  void aFailedRestoreTestMarksTheBackupAndStillRemovesTheThrowawayDatastores() {
    when(backups.resolve("usa", "latest"))
        .thenReturn(manifest("20261126T020000Z", BackupStatus.COMPLETE));
    when(restores.checkArtifacts("usa", "20261126T020000Z"))
        .thenReturn(new RestoreCheck(true, null, List.of("checksums ok"), 0));
    when(restores.restoreTest(eq("usa"), eq("20261126T020000Z"), anyString()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "pg_restore exited 1", FailureType.RESTORE_FAILED.type()));
    when(backups.recordVerification(eq("usa"), eq("20261126T020000Z"), any()))
        .thenAnswer(
            a -> manifest("20261126T020000Z", BackupStatus.COMPLETE).verified(a.getArgument(2)));
    VerifyBackupResult result =
        stub(VerifyBackupWorkflow.class, "verify-backup")
            .verify(new VerifyBackupInput("usa", null));
    assertThat(result.status()).isEqualTo(BackupStatus.FAILED_VERIFICATION);
    assertThat(result.failedCheck()).contains("pg_restore exited 1");
    verify(restores).removeRestoreTest(eq("usa"), anyString());
    verify(notifier)
        .enqueue(
            argThat(
                a ->
                    a.dedupKey().equals("backup-usa-20261126T020000Z")
                        && a.summary().contains("failed its restore test")));
  }

  @Test
  void aRestoreTestWhoseCleanupFailsKeepsItsVerdictAndReportsTheCleanupApart() {
    passingRestoreTest("20261126T020000Z");
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "Docker: container is in use", FailureType.DOCKER_UNAVAILABLE.type()))
        .when(restores)
        .removeRestoreTest(eq("usa"), anyString());
    VerifyBackupResult result =
        stub(VerifyBackupWorkflow.class, "verify-backup")
            .verify(new VerifyBackupInput("usa", "20261126T020000Z"));
    assertThat(result.status()).isEqualTo(BackupStatus.VERIFIED);
    assertThat(result.failedCheck()).isNull();
    assertThat(result.cleanup())
        .startsWith("FAILED")
        .contains("container is in use")
        .contains("next verify-backup sweeps");
    verify(backups)
        .recordVerification(
            eq("usa"), eq("20261126T020000Z"), argThat(BackupManifest.Verification::passed));
    verify(notifier, never()).enqueue(any());
  }

  @Test
  void leftoversOfEarlierRestoreTestsAreSweptBeforeTheTestAndItsStepsAreWaitedForWhenCancelled() {
    passingRestoreTest("20261126T020000Z");
    when(restores.sweepRestoreTests("usa")).thenReturn(List.of("0a1b2c3d4e5f"));
    VerifyBackupResult result =
        stub(VerifyBackupWorkflow.class, "verify-backup")
            .verify(new VerifyBackupInput("usa", "20261126T020000Z"));
    assertThat(result.swept()).containsExactly("0a1b2c3d4e5f");
    assertThat(result.cleanup()).isEqualTo(VerifyBackupResult.REMOVED);
    var order = inOrder(restores);
    order.verify(restores).sweepRestoreTests("usa");
    order.verify(restores).restoreTest(eq("usa"), eq("20261126T020000Z"), anyString());
    order.verify(restores).removeRestoreTest(eq("usa"), anyString());
    for (String step : List.of("RestoreTest", "RemoveRestoreTest", "SweepRestoreTests")) {
      assertThat(options.cancellationOf(step))
          .as(step)
          .isEqualTo(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
    }
  }

  @Test
  void aLiveRestoreStepIsWaitedForWhenCancelledBeforeItsCheckpointGoesBack() {
    when(backups.resolve("usa", "20261120T020000Z"))
        .thenReturn(manifest("20261120T020000Z", BackupStatus.VERIFIED));
    restoreStub().restore(new RestoreInput("usa", "20261120T020000Z", false));
    assertThat(options.cancellationOf("RestoreLive"))
        .isEqualTo(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
  }

  private void passingRestoreTest(String id) {
    when(backups.resolve("usa", id)).thenReturn(manifest(id, BackupStatus.COMPLETE));
    when(restores.checkArtifacts("usa", id))
        .thenReturn(new RestoreCheck(true, null, List.of("checksums ok"), 0));
    when(restores.restoreTest(eq("usa"), eq(id), anyString()))
        .thenReturn(new RestoreCheck(true, null, List.of("counts ok"), 1200));
    when(backups.recordVerification(eq("usa"), eq(id), any()))
        .thenAnswer(a -> manifest(id, BackupStatus.COMPLETE).verified(a.getArgument(2)));
  }

  @Test
  void aDamagedArtifactIsNamedAndNoRestoreIsTried() {
    when(backups.resolve("usa", "20261126T020000Z"))
        .thenReturn(manifest("20261126T020000Z", BackupStatus.COMPLETE));
    when(restores.checkArtifacts("usa", "20261126T020000Z"))
        .thenReturn(
            new RestoreCheck(
                false, "artifact redis/dump.rdb: sha256 differs", List.of("FAILED"), 0));
    when(backups.recordVerification(eq("usa"), eq("20261126T020000Z"), any()))
        .thenAnswer(
            a -> manifest("20261126T020000Z", BackupStatus.COMPLETE).verified(a.getArgument(2)));
    VerifyBackupResult result =
        stub(VerifyBackupWorkflow.class, "verify-backup")
            .verify(new VerifyBackupInput("usa", "20261126T020000Z"));
    assertThat(result.failedCheck()).contains("redis/dump.rdb");
    verify(restores, never()).restoreTest(anyString(), anyString(), anyString());
  }

  @Test
  void anUnverifiedBackupIsNotRestoredUnlessForced() {
    when(backups.resolve("usa", "20261126T020000Z"))
        .thenReturn(manifest("20261126T020000Z", BackupStatus.COMPLETE));
    assertThatThrownBy(
            () -> restoreStub().restore(new RestoreInput("usa", "20261126T020000Z", false)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("only a VERIFIED backup is restored");
    verify(restores, never()).restoreLive(anyString(), anyString(), anyString());
  }

  @Test
  void aFailedRestorePutsTheCheckpointBack() {
    when(backups.resolve("usa", "20261120T020000Z"))
        .thenReturn(manifest("20261120T020000Z", BackupStatus.VERIFIED));
    when(restores.restoreLive("usa", "20261120T020000Z", "mongodb"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "insert failed", FailureType.RESTORE_FAILED.type()));
    RestoreResult result =
        restoreStub().restore(new RestoreInput("usa", "20261120T020000Z", false));
    assertThat(result.outcome()).isEqualTo(RestoreOutcome.ROLLED_BACK);
    assertThat(result.failure()).contains("mongodb").contains("insert failed");
    for (String datastore : List.of("postgres", "mongodb", "redis")) {
      verify(restores).restoreLive("usa", result.checkpointId(), datastore);
    }
    verify(backups).prepare(eq("usa"), eq(result.checkpointId()));
    verify(backups, never())
        .applyRetention(anyString(), anyBoolean()); // the checkpoint skips retention
    verify(notifier)
        .enqueue(
            argThat(
                a ->
                    a.severity().equals(Severity.WARNING)
                        && a.summary().contains("back at checkpoint")));
  }

  @Test
  void aVerifiedRestoreEndsRestored() {
    when(backups.resolve("usa", "20261120T020000Z"))
        .thenReturn(manifest("20261120T020000Z", BackupStatus.VERIFIED));
    RestoreResult result =
        restoreStub().restore(new RestoreInput("usa", "20261120T020000Z", false));
    assertThat(result.outcome()).isEqualTo(RestoreOutcome.RESTORED);
    var order = inOrder(backups, restores);
    order.verify(backups).prepare(eq("usa"), anyString());
    order.verify(restores).restoreLive("usa", "20261120T020000Z", "postgres");
    order.verify(restores).restoreLive("usa", "20261120T020000Z", "redis");
    verify(notifier, never()).enqueue(any());
  }

  private static BackupManifest manifest(String id, BackupStatus status) {
    return new BackupManifest(
        BackupManifest.FORMAT,
        "usa",
        id,
        "2026-11-20T02:00:00Z",
        null,
        "1.0.0",
        status,
        List.of(DUMP),
        Map.of(),
        new BackupManifest.Counts(Map.of(), Map.of(), 0),
        id,
        Map.of(),
        null);
  }

  private BackupInstanceWorkflow backupStub() {
    return stub(BackupInstanceWorkflow.class, "backup");
  }

  private RestoreInstanceWorkflow restoreStub() {
    return stub(RestoreInstanceWorkflow.class, "restore");
  }

  private <T> T stub(Class<T> type, String idPrefix) {
    return temporal.workflow(type, idPrefix + "-" + java.util.UUID.randomUUID());
  }
}
