package io.diveops.activities.docker;

import io.diveops.api.FailureType;

import io.temporal.failure.ApplicationFailure;

/**
 * The one mapping of a Docker error to an activity failure: the engine's verdict on retrying
 * becomes Temporal's. An engine that cannot be reached (or answers 5xx) is
 * {@link FailureType#DOCKER_UNAVAILABLE} and retried, whatever the runbook; a refusal (a missing
 * image, a name conflict, bad input) is not retried and carries the type the runbook reports its
 * own failed steps with.
 */
public final class DockerFailure {
  private DockerFailure() {}

  /** A refusal is {@link FailureType#DOCKER_FAILED}: for runbooks whose steps are Docker calls. */
  public static ApplicationFailure of(DockerException e) {
    return of(e.getMessage(), e, FailureType.DOCKER_FAILED);
  }

  /** A refusal is {@code refused}; the message names the step that failed. */
  public static ApplicationFailure during(String step, DockerException e, FailureType refused) {
    return of(step + ": " + e.getMessage(), e, refused);
  }

  private static ApplicationFailure of(String message, DockerException e, FailureType refused) {
    return e.retryable()
        ? ApplicationFailure.newFailure(message, FailureType.DOCKER_UNAVAILABLE.type())
        : ApplicationFailure.newNonRetryableFailure(message, refused.type());
  }
}
