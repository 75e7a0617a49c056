package io.diveops.api.provision;

/** How a provision-partner run ended. */
public enum ProvisionOutcome {
  /** The partner runs, is federated both ways and verified. */
  PROVISIONED,
  /** A dry run: validated, and the plan returned; nothing changed. */
  PLANNED,
  /** The partner was already provisioned as asked and verifies. */
  NO_CHANGE,
  /** It failed after changing something; everything it made is gone and the partners verify. */
  ROLLED_BACK,
  /** It failed and so did the compensation: a human is needed. */
  ROLLBACK_FAILED,
  /** Refused before changing anything: every reason is in {@code errors}. */
  REJECTED
}
