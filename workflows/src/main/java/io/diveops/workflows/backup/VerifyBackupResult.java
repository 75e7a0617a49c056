package io.diveops.workflows.backup;

import java.util.List;

/**
 * @param status VERIFIED or FAILED_VERIFICATION, as now written in the backup's manifest
 * @param failedCheck the first failing check, naming the artifact, table or collection
 * @param rtoMs the restore duration into empty datastores: the recovery time to expect
 */
public record VerifyBackupResult(String instance, String backupId, String status, String failedCheck, List<String> checks,
    long rtoMs, long durationMs) {}
