package io.diveops.api.decommission;

/** How a decommission-partner run ended. */
public enum DecommissionOutcome {
  /** Taken out everywhere, and the instances that remain verify. */
  DECOMMISSIONED,
  /** A dry run: the plan, nothing changed. */
  PLANNED,
  /** Refused before changing anything (unknown instance, locked, the final backup failed). */
  REJECTED,
  /**
   * A step failed after the first change: paged. Every step finds what is already done, so running
   * the same decommission again finishes it.
   */
  INCOMPLETE
}
