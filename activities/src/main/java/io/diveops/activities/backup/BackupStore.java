package io.diveops.activities.backup;

import io.diveops.api.backup.BackupManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where backups live. A backup is written into a staging area that no listing shows, and becomes
 * visible in one step, with its manifest, when complete: a failed or interrupted backup never looks
 * complete. The local directory is the default; a bucket store implements the same contract.
 */
public interface BackupStore {

  /** Opens (truncating) one artifact of a backup being written. Idempotent for retried steps. */
  OutputStream create(String instance, String id, String artifact) throws IOException;

  /** Makes a staged backup visible, with its manifest; fails when an artifact is missing. */
  void publish(BackupManifest manifest) throws IOException;

  /** Drops a staged backup (after a failure). Nothing happens when there is none. */
  void discard(String instance, String id) throws IOException;

  /** Complete backups of an instance, oldest first. */
  List<String> list(String instance) throws IOException;

  Optional<BackupManifest> manifest(String instance, String id) throws IOException;

  /** Replaces the manifest of a complete backup (its status after a restore test). */
  void updateManifest(BackupManifest manifest) throws IOException;

  /** Reads one artifact of a complete backup. */
  InputStream open(String instance, String id, String artifact) throws IOException;

  /** Deletes a complete backup; it stops being listed before its files go. */
  void delete(String instance, String id) throws IOException;

  /**
   * Removes staging areas older than the given age: leftovers of runs that died without cleaning
   * up.
   */
  List<String> sweepStaging(String instance, java.time.Duration olderThan) throws IOException;

  /** Where it is, for messages and docs. */
  String describe();
}
