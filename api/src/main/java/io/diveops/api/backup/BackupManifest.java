package io.diveops.api.backup;

import java.util.List;
import java.util.Map;

/**
 * What a backup holds and what it proved, written as {@code manifest.json} beside its artifacts. A
 * backup with a manifest is complete; {@link #status} says how far it has been trusted since.
 *
 * @param id the UTC timestamp it was taken at, e.g. {@code 20261126T020000Z}
 * @param release the release the instance ran (null when DIVE Ops never deployed it)
 * @param counts the integrity facts of what was dumped: what a restore must give back
 * @param sentinel the value written into every datastore just before dumping
 */
public record BackupManifest(
    int format,
    String instance,
    String id,
    String createdAt,
    String completedAt,
    String release,
    BackupStatus status,
    List<Artifact> artifacts,
    Map<String, String> toolVersions,
    Counts counts,
    String sentinel,
    Map<String, Long> stepMs,
    Verification verification) {

  public static final int FORMAT = 1;

  public BackupManifest {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    toolVersions = toolVersions == null ? Map.of() : Map.copyOf(toolVersions);
    stepMs = stepMs == null ? Map.of() : Map.copyOf(stepMs);
  }

  public long sizeBytes() {
    return artifacts.stream().mapToLong(Artifact::sizeBytes).sum();
  }

  public BackupManifest verified(Verification result) {
    return new BackupManifest(
        format,
        instance,
        id,
        createdAt,
        completedAt,
        release,
        result.passed() ? BackupStatus.VERIFIED : BackupStatus.FAILED_VERIFICATION,
        artifacts,
        toolVersions,
        counts,
        sentinel,
        stepMs,
        result);
  }

  /**
   * One file of the backup.
   *
   * @param name its path inside the backup, e.g. {@code postgres/keycloak.dump}
   * @param kind postgres-dump, postgres-globals, mongodb-collection, redis-rdb, volume-tar or
   *     config
   */
  public record Artifact(String name, String kind, String sha256, long sizeBytes) {}

  /**
   * @param tableRows exact rows per table, {@code database.schema.table}, counted in the snapshot
   *     the dump used
   * @param documents documents per collection, {@code database.collection}, as written into the
   *     dump
   * @param redisKeys keys in Redis database 0: in the snapshot itself (before: DBSIZE before the
   *     save)
   * @param redisPersistentKeys of those, the keys without a TTL, which a restore must all give back
   *     (null in backups recorded before the snapshot itself was counted)
   */
  public record Counts(
      Map<String, Long> tableRows,
      Map<String, Long> documents,
      long redisKeys,
      Long redisPersistentKeys) {
    public Counts {
      tableRows = tableRows == null ? Map.of() : Map.copyOf(tableRows);
      documents = documents == null ? Map.of() : Map.copyOf(documents);
    }

    public Counts(Map<String, Long> tableRows, Map<String, Long> documents, long redisKeys) {
      this(tableRows, documents, redisKeys, null);
    }
  }

  /**
   * The outcome of a restore test.
   *
   * @param failedCheck the first check that failed, naming what (null when passed)
   * @param rtoMs how long restoring took, from empty containers to data ready: the recovery time
   */
  public record Verification(
      boolean passed,
      String at,
      String failedCheck,
      List<String> checks,
      long rtoMs,
      String workflowId) {
    public Verification {
      checks = checks == null ? List.of() : List.copyOf(checks);
    }
  }
}
