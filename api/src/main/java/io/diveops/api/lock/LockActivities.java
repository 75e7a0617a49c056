package io.diveops.api.lock;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Talks to an instance's lock workflow from outside workflow code (signal-with-start is client
 * I/O).
 */
@ActivityInterface
public interface LockActivities {
  /** {@link #runState} of a run that is still open. */
  String RUNNING = "RUNNING";

  static String lockWorkflowId(String instance) {
    return "instance-lock-" + instance;
  }

  /**
   * Starts the instance's lock workflow if needed and asks it for the instance on the requester's
   * behalf.
   */
  @ActivityMethod
  void requestLock(String instance, String requester);

  /** Gives the instance back (or withdraws a pending request). */
  @ActivityMethod
  void releaseLock(String instance, String holder);

  /**
   * Who holds the instance now (a workflow id), or "" when no one does: lets a watcher stay out of
   * the way of a changing runbook without joining the queue.
   */
  @ActivityMethod
  String holder(String instance);

  /**
   * The state of the newest run with this workflow id: {@link #RUNNING}, or how it closed
   * (COMPLETED, TERMINATED, TIMED_OUT, ...), or NOT_FOUND. Lets the lock notice a dead holder.
   */
  @ActivityMethod
  String runState(String workflowId);
}
