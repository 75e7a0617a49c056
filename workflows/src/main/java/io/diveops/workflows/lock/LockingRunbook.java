package io.diveops.workflows.lock;

import io.diveops.api.lock.LockClient;

/**
 * What every runbook that takes an instance lock shares: its progress, which says who holds the
 * instance while it waits, answered from the lock's {@code lockState} signals. Deploy, restore and
 * recovery extend it instead of forwarding both by hand.
 */
public abstract class LockingRunbook implements LockClient {
  protected final RunProgress status = new RunProgress();

  /** Where the run is: the step, and while waiting for the instance lock, who holds it. */
  public String progress() {
    return status.describe();
  }

  @Override
  public void lockState(String instance, String holder) {
    status.onLockState(instance, holder);
  }
}
