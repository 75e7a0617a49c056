package io.diveops.workflows.lock;

import io.diveops.api.lock.LockActivities;
import io.diveops.api.lock.LockClient;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Optional;

/**
 * Used inside a changing runbook: {@link #acquire} waits (durably, in order) until the instance is
 * this run's; {@link #release} gives it back. The runbook's workflow implements {@link LockClient}
 * and forwards {@code lockState} to {@link #onLockState}. Deploy, rollback, restore, recovery and
 * provisioning all take the same lock, so at most one of them changes an instance at a time.
 */
public class InstanceLock {
  private final String instance;
  private final String self = Workflow.getInfo().getWorkflowId();
  private final LockActivities activities = Workflow.newActivityStub(LockActivities.class);
  private String holder;

  public InstanceLock(String instance) {
    this.instance = instance;
  }

  public void onLockState(String lockedInstance, String currentHolder) {
    if (instance.equals(lockedInstance)) {
      holder = currentHolder;
    }
  }

  /**
   * Asks for the instance and waits until it is granted or the timeout passes; a wait that times
   * out withdraws the request, so the run never holds the instance later by surprise.
   *
   * @return empty once held; otherwise who held it when the wait ended
   */
  public Optional<String> acquire(Duration timeout) {
    activities.requestLock(instance, self);
    boolean granted = Workflow.await(timeout, () -> self.equals(holder));
    if (granted) {
      return Optional.empty();
    }
    String blocker = holder == null ? "(unknown)" : holder;
    release();
    return Optional.of(blocker);
  }

  /** Who holds the instance as last heard: the run itself once granted. */
  public Optional<String> holder() {
    return Optional.ofNullable(holder);
  }

  /**
   * A run's step as an operator should read it: while the run waits for the instance (its step
   * starts "waiting for the lock"), whom it waits for.
   */
  public String describe(String step) {
    if (!held() && holder != null && step.startsWith("waiting for the lock")) {
      return step + ", held by " + holder;
    }
    return step;
  }

  /** As {@link #onLockState}, and the run's Current details in the UI follow. */
  public void onLockState(String lockedInstance, String currentHolder, String step) {
    onLockState(lockedInstance, currentHolder);
    Workflow.setCurrentDetails(describe(step));
  }

  public boolean held() {
    return self.equals(holder);
  }

  /** Gives the instance back, also from a cancelled run; withdraws a pending request likewise. */
  public void release() {
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                activities.releaseLock(instance, self);
              } catch (ActivityFailure e) {
                Workflow.getLogger(InstanceLock.class)
                    .warn("releasing the lock of {} failed: {}", instance, e.getMessage());
              }
            })
        .run();
    holder = null;
  }
}
