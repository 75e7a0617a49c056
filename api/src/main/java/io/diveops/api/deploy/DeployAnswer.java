package io.diveops.api.deploy;

/** An operator's answer to a deploy whose rollback failed. */
public enum DeployAnswer {
  /** Try the rollback again. */
  RETRY,
  /** Leave the instance to hand: the run ends ROLLBACK_FAILED. */
  ABORT
}
