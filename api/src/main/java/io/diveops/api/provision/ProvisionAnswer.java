package io.diveops.api.provision;

/** An operator's answer to a provisioning whose compensation did not finish. */
public enum ProvisionAnswer {
  /** Run the compensation again (every step of it finds what is already undone). */
  RETRY,
  /** Leave what is left to hand: the run ends ROLLBACK_FAILED. */
  ABORT
}
