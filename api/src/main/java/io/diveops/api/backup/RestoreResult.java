package io.diveops.api.backup;

import io.diveops.api.verify.VerificationReport;
import java.util.List;
import java.util.Map;

/**
 * @param outcome RESTORED; ROLLED_BACK (the restore failed, the instance is back at the
 *     checkpoint); ROLLBACK_FAILED (neither worked: a human is needed)
 * @param checkpointId the fresh backup taken of the live data before anything changed
 */
public record RestoreResult(
    String instance,
    String backupId,
    RestoreOutcome outcome,
    String checkpointId,
    Map<String, Long> stepMs,
    String failure,
    List<VerificationReport> verifications,
    long durationMs) {}
