package io.diveops.workflows.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Backup ids name the store's directory, so two runs must never share one: the UTC second they
 * started (readable, and the whole id of backups taken before ids were made unique), then the
 * millisecond and a piece of the run id. The second comes first and the old id is a prefix of any
 * new id of the same second, so ids of both forms sort by time.
 */
public final class BackupIds {
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int RUN_CHARS = 8;

  private BackupIds() {}

  /** The id of backups started before ids were unique per run: the UTC second only. */
  public static String at(long epochMillis) {
    return SECOND.format(Instant.ofEpochMilli(epochMillis));
  }

  /**
   * e.g. {@code 20261126T020000Z-042-3f9a1c2e}: second, millisecond, the run's first 8 hex digits.
   */
  public static String unique(long epochMillis, String runId) {
    String run = runId.replace("-", "");
    return at(epochMillis)
        + "-"
        + String.format("%03d", Math.floorMod(epochMillis, 1000L))
        + "-"
        + run.substring(0, Math.min(RUN_CHARS, run.length()));
  }
}
