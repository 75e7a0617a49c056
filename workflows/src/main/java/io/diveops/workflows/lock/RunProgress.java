package io.diveops.workflows.lock;

import io.diveops.api.lock.LockClient;
import io.temporal.workflow.Workflow;

/**
 * What a changing run is doing now, for its {@code progress} query and the UI's Current details;
 * while it waits for its instance's lock, whom it waits for. The runbooks that take the lock
 * (deploy, restore, recovery) keep one and forward their lock answers to it.
 */
public final class RunProgress {
  private String step = "starting";
  private InstanceLock lock;

  public void set(String now) {
    step = now;
    Workflow.setCurrentDetails(now);
  }

  public String now() {
    return step;
  }

  /** The run's lock on {@code instance}, whose waits this progress describes. */
  public InstanceLock lock(String instance) {
    lock = new InstanceLock(instance);
    return lock;
  }

  public String describe() {
    return lock == null ? step : lock.describe(step);
  }

  /** A run's {@link LockClient#lockState} lands here. */
  public void onLockState(String instance, String holder) {
    if (lock != null) {
      lock.onLockState(instance, holder, step);
    }
  }
}
