package io.diveops.api.health;

/** How a recovery ended. */
public enum RecoverOutcome {
  /** Healthy again by restart or recreate. */
  RECOVERED,
  /** An operator fixed it, or it recovered by itself, and it was verified healthy. */
  RESOLVED,
  /** Left to hand by an operator. */
  ABORTED,
  /** Healthy again by the time the instance was ours. */
  NOT_NEEDED
}
