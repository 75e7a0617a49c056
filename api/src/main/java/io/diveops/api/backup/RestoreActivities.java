package io.diveops.api.backup;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Proving a backup restores, and restoring one into a live instance. */
@ActivityInterface
public interface RestoreActivities {

  /** Every artifact's sha256 and size against the manifest; the first mismatch is named. */
  RestoreCheck checkArtifacts(String instance, String id);

  /**
   * Restores into throwaway PostgreSQL, Mongo-wire and Redis containers on free loopback ports
   * (never the live ones) and checks counts, sentinel and Keycloak's realm. The caller removes
   * them.
   */
  RestoreCheck restoreTest(String instance, String id, String testId);

  /** Removes a restore test's containers, volumes and network; idempotent. */
  void removeRestoreTest(String instance, String testId);

  /**
   * Removes the throwaway containers (with their volumes and network) of earlier restore tests of
   * the instance that outlived their run: a killed worker, a cleanup that failed. They hold copies
   * of real data. A test still within its time limit is left alone: it may be running. Returns the
   * test ids removed.
   */
  List<String> sweepRestoreTests(String instance);

  /**
   * Restores one datastore of the live instance from a backup: {@code postgres} (Keycloak is
   * stopped meanwhile and waited for afterwards), {@code mongodb} or {@code redis}. Returns
   * milliseconds.
   */
  long restoreLive(String instance, String id, String datastore);

  /**
   * @param failedCheck the first failing check, naming the artifact, table or collection
   * @param rtoMs restore duration, from empty datastores to data ready
   */
  record RestoreCheck(boolean passed, String failedCheck, List<String> checks, long rtoMs) {
    public RestoreCheck {
      checks = List.copyOf(checks);
    }
  }
}
