package io.diveops.api.backup;

import java.util.Map;

/**
 * A complete backup: where it is, how big, what it recorded and how long each step took.
 *
 * @param counts a summary of the integrity facts (tables, rows, collections, documents, Redis keys)
 * @param retention what retention kept and deleted afterwards (null when skipped)
 */
public record BackupResult(
    String instance,
    String backupId,
    BackupStatus status,
    int artifacts,
    long sizeBytes,
    String release,
    Map<String, Long> counts,
    Map<String, Long> stepMs,
    long durationMs,
    RetentionReport retention) {}
