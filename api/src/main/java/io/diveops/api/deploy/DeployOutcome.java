package io.diveops.api.deploy;

/** How a deploy ended. */
public enum DeployOutcome {
  /** The release runs and verified. */
  DEPLOYED,
  /** It failed; the previous release is back and verified. */
  ROLLED_BACK,
  /** It failed and so did the rollback: a human is needed. */
  ROLLBACK_FAILED,
  /** The instance already ran the release as planned. */
  NO_CHANGE,
  /** A dry run: the plan only. */
  PLANNED,
  /** It failed before changing any container: nothing to roll back. */
  FAILED
}
