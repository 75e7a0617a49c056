package io.diveops.worker.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline: tests never sleep to synchronise. */
public final class Poll {
  private Poll() {}

  public static <T> T until(String what, Duration timeout, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.get();
        if (value != null && !Boolean.FALSE.equals(value)) {
          return value;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
    throw new AssertionError(
        "timed out after "
            + timeout
            + " waiting for "
            + what
            + (last == null ? "" : " (last error: " + last + ")"),
        last);
  }
}
