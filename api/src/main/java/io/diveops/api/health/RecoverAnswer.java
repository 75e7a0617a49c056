package io.diveops.api.health;

/** An operator's answer to a recovery waiting for a human. */
public enum RecoverAnswer {
  /** Climb the ladder again. */
  RETRY,
  /** Fixed by hand: verify and finish. */
  RESOLVED,
  /** Leave it to hand; the watch leaves the service alone until it is healthy or resumed. */
  ABORT
}
