package io.diveops.api.backup;

/** How a restore ended. */
public enum RestoreOutcome {
  RESTORED,
  /** The restore failed; the instance is back at the checkpoint. */
  ROLLED_BACK,
  /** Neither worked: a human is needed. */
  ROLLBACK_FAILED
}
