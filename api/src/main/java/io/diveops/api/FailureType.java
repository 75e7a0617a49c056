package io.diveops.api;

/**
 * Every failure type an activity or workflow raises (the {@code type} of an ApplicationFailure), in
 * one list: what a workflow may catch and what an operator may see in the UI. The strings are part
 * of recorded histories and must not change.
 */
public enum FailureType {
  /** The instance key is not in the registry (retrying cannot help). */
  UNKNOWN_INSTANCE("UnknownInstance", false),
  /** The instance is in the registry but disabled: no runbook acts on it until it is enabled. */
  DISABLED_INSTANCE("DisabledInstance", false),
  /** Two instances asked to be verified as a pair that the federation matrix does not join. */
  NOT_FEDERATED("NotFederated", false),
  /** The registry cannot be read or fails validation (retrying cannot help until it is fixed). */
  UNUSABLE_REGISTRY("UnusableRegistry", false),
  /** A deploy asked for something the release or registry does not have. */
  INVALID_DEPLOY("InvalidDeploy", false),
  /** A backup is missing, incomplete, or its manifest is invalid. */
  INVALID_BACKUP("InvalidBackup", false),
  /** A backup step failed (a dump, an upload). */
  BACKUP_FAILED("BackupFailed", false),
  /** A restore step failed. */
  RESTORE_FAILED("RestoreFailed", false),
  /** The service's container does not exist, so it cannot be restarted. */
  NO_CONTAINER("NoContainer", false),
  /** The instance has no recorded release to recreate a service from. */
  NO_RELEASE("NoRelease", false),
  /** The Docker Engine could not be reached: retried. */
  DOCKER_UNAVAILABLE("DockerUnavailable", true),
  /** The Docker Engine refused a request. */
  DOCKER_FAILED("DockerFailed", false),
  /** The alert webhook answered with an error: retried. */
  WEBHOOK_REFUSED("WebhookRefused", true),
  /** The alert webhook could not be reached: retried. */
  WEBHOOK_UNREACHABLE("WebhookUnreachable", true),
  /** Another run held the instance for longer than this run would wait. */
  INSTANCE_LOCKED("InstanceLocked", false),
  /** A verification after a change failed. */
  VERIFICATION_FAILED("VerificationFailed", false),
  /** Putting back what an unfinished run left did not verify. */
  REPAIR_FAILED("RepairFailed", false);

  private final String type;
  private final boolean retryable;

  FailureType(String type, boolean retryable) {
    this.type = type;
    this.retryable = retryable;
  }

  /** The type string carried by the failure. */
  public String type() {
    return type;
  }

  /** Whether an activity failing with it is retried by its retry policy. */
  public boolean retryable() {
    return retryable;
  }
}
