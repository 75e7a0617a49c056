package io.diveops.activities.docker;

/**
 * A Docker operation failed. {@code retryable} is decided where the engine's answer is understood:
 * an unreachable engine or a 5xx may pass; a missing image, a name conflict or bad input will not.
 */
public class DockerException extends RuntimeException {
  private final boolean retryable;

  public DockerException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
