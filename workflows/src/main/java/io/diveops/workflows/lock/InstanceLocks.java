package io.diveops.workflows.lock;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The locks of several instances for one run (a provisioning or a decommissioning touches the
 * partner and every instance it federates with), taken in one sorted order: two such runs, or one
 * and a deploy, never wait for each other in a circle.
 */
public class InstanceLocks {
  private final Map<String, InstanceLock> locks = new TreeMap<>();

  /**
   * Takes each instance's lock in sorted order, each waited for up to {@code timeout}; when one is
   * not granted, gives back those taken.
   *
   * @return empty once all are held; otherwise which instance stayed locked, and by whom
   */
  public Optional<String> acquire(List<String> instances, Duration timeout) {
    for (String instance : instances.stream().distinct().sorted().toList()) {
      InstanceLock lock = new InstanceLock(instance);
      locks.put(instance, lock);
      Optional<String> blocker = lock.acquire(timeout);
      if (blocker.isPresent()) {
        release();
        return Optional.of(instance + " stayed locked by " + blocker.get() + " for " + timeout);
      }
    }
    return Optional.empty();
  }

  /** Forwarded from the run's {@code lockState} signal. */
  public void onLockState(String instance, String holder) {
    InstanceLock lock = locks.get(instance);
    if (lock != null) {
      lock.onLockState(instance, holder);
    }
  }

  /** Gives every lock back (also from a cancelled run). */
  public void release() {
    locks.values().forEach(InstanceLock::release);
    locks.clear();
  }
}
