package io.diveops.activities.registry;

/**
 * The input cannot be validated at all: the file is missing or unreadable, or it is not JSON. This
 * is different from an invalid registry, which is a normal report with errors.
 */
public class UnusableRegistryException extends RuntimeException {
  public UnusableRegistryException(String message) {
    super(message);
  }

  public UnusableRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
