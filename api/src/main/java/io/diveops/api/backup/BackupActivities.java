package io.diveops.api.backup;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/**
 * The steps of taking, listing, pruning and marking backups. Each dump step writes into the
 * backup's staging area and may be retried whole: it truncates what an earlier attempt wrote.
 */
@ActivityInterface
public interface BackupActivities {
  /** dumpRedis's counts: keys of database 0 in the snapshot, and those of them without a TTL. */
  String REDIS_KEYS = "keys";

  String REDIS_PERSISTENT_KEYS = "persistentKeys";

  /**
   * Checks the instance and the store, writes the sentinel into every datastore and records what
   * the backup is of.
   */
  BackupStart prepare(String instance, String id);

  /**
   * PostgreSQL: every database in custom format, rows counted in the dump's own snapshot; roles.
   */
  DumpPart dumpPostgres(String instance, String id);

  /**
   * Mongo-wire: every collection of every user database, counted as the documents written into the
   * dump.
   */
  DumpPart dumpMongo(String instance, String id);

  /**
   * Redis: an RDB snapshot; its keys, and those without a TTL, as the snapshot itself holds them.
   */
  DumpPart dumpRedis(String instance, String id);

  /** Every named volume of the instance's containers, as Docker's tar archive. */
  DumpPart dumpVolumes(String instance, String id);

  /**
   * The instance's registry entry, its release record and its containers' settings (no env values).
   */
  DumpPart dumpConfig(String instance, String id);

  /** Makes the staged backup visible with its manifest. */
  BackupManifest publish(BackupManifest manifest);

  /** Drops what a failed backup staged. */
  void discard(String instance, String id);

  /** Grandfather-father-son retention; with {@code dryRun} nothing is deleted. */
  RetentionReport applyRetention(String instance, boolean dryRun);

  /** A backup's manifest by id, or the newest complete one for {@code latest}. */
  BackupManifest resolve(String instance, String backup);

  /** Records a restore test's outcome in the manifest (VERIFIED or FAILED_VERIFICATION). */
  BackupManifest recordVerification(
      String instance, String id, BackupManifest.Verification verification);

  /**
   * @param release the release the instance runs, as DIVE Ops recorded it
   * @param toolVersions what wrote the dumps
   * @param sentinel the value written into every datastore
   */
  record BackupStart(
      String instance,
      String id,
      String createdAt,
      String release,
      Map<String, String> toolVersions,
      String sentinel) {}

  /** What one dump step wrote, and the counts it recorded. */
  record DumpPart(List<BackupManifest.Artifact> artifacts, Map<String, Long> counts) {}
}
