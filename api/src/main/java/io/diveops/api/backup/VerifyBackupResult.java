package io.diveops.api.backup;

import java.util.List;

/**
 * @param status VERIFIED or FAILED_VERIFICATION, as now written in the backup's manifest
 * @param failedCheck the first failing check, naming the artifact, table or collection
 * @param rtoMs the restore duration into empty datastores: the recovery time to expect
 * @param cleanup what became of this test's throwaway datastores: removed, nothing to clean, or why
 *     not (apart from the verdict: a failed cleanup does not make a backup bad)
 * @param swept earlier restore tests whose leftover datastores this run removed first
 */
public record VerifyBackupResult(
    String instance,
    String backupId,
    BackupStatus status,
    String failedCheck,
    List<String> checks,
    long rtoMs,
    long durationMs,
    String cleanup,
    List<String> swept) {
  public static final String REMOVED = "removed";
  public static final String NOTHING_TO_CLEAN = "nothing to clean (no restore was tried)";

  public VerifyBackupResult {
    swept = swept == null ? List.of() : List.copyOf(swept);
  }
}
