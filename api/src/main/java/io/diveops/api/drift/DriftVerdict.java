package io.diveops.api.drift;

/** How a drift run ended; the launcher's exit code follows it. */
public enum DriftVerdict {
  /** Every instance read, no difference (after ignore rules). Exit 0. */
  IN_SYNC,
  /** At least one concrete difference. Exit 1. */
  DRIFT,
  /** No difference found, but something could not be read. Exit 2. */
  UNKNOWN,
  /** The run was refused (reconcile is not built yet). Exit 2. */
  REJECTED
}
