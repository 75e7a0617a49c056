package io.diveops.api.deploy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The steps of deploy-instance and rollback-instance. Each is idempotent: a retry after a worker
 * dies mid-step finds the containers as the first attempt left them and carries on.
 */
@ActivityInterface
public interface DeployActivities {

  /**
   * Validates registry and release, and diffs live containers against the release. Touches nothing.
   */
  @ActivityMethod
  DeployPlan plan(String instance, String release, List<String> services);

  /** Records the current state of the given services (in the result and the state directory). */
  @ActivityMethod
  Checkpoint checkpoint(String instance, List<String> services, String runId);

  /**
   * Replaces one service's container with the release's: the previous one is stopped and kept under
   * a run-specific name for an instant swap-back; the new one must become healthy.
   */
  @ActivityMethod
  long replaceService(String instance, String service, String release, String runId);

  /** Compensation: puts the kept previous container back under its name and waits for health. */
  @ActivityMethod
  long restoreService(String instance, String service, String runId);

  /**
   * On success: removes the kept containers and records the release as the instance's current one.
   */
  @ActivityMethod
  void commit(
      String instance, List<String> services, String release, String fromRelease, String runId);

  /**
   * What a run that ended without finishing (terminated, timed out) left on the instance: the
   * previous containers it kept aside. Empty when there is nothing to repair. Touches nothing.
   */
  @ActivityMethod
  List<String> leftovers(String instance);

  /**
   * Puts the instance back to its recorded release: a kept container whose run never recorded its
   * release is swapped back under its name and must become healthy; one whose run did is removed.
   */
  @ActivityMethod
  long repairLeftovers(String instance);

  /** The release an instance last verified before its current one (for rollback-instance). */
  @ActivityMethod
  String previousRelease(String instance);
}
