package io.diveops.api.selftest;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * A long, harmless activity for checking that a worker deployment survives faults: it holds for a
 * while, heartbeating, and resumes from its last heartbeat when retried on another worker.
 */
@ActivityInterface
public interface SelfTestActivities {

  @ActivityMethod
  HoldResult hold(int seconds);

  /**
   * @param attempt the attempt that finished; above 1 means a retry took over
   * @param resumedFrom the progress the finishing attempt found in the last heartbeat
   */
  record HoldResult(int attempt, String finishedBy, int resumedFrom, int secondsHeld) {}
}
