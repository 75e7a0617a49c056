package io.diveops.activities.heartbeat;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an activity attempt visibly alive while it sits in one blocking call (a container that
 * takes its whole stop grace, a dump waiting for BGSAVE). Without it the heartbeat timeout passes,
 * Temporal starts a second attempt while the first still works, and two attempts fight over the
 * same container or file. Heartbeats go from a timer thread every {@link #EVERY}.
 */
public final class Heartbeating {
  /** Well inside the shortest heartbeat timeout the runbooks use (10 s). */
  public static final Duration EVERY = Duration.ofSeconds(2);

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "activity-heartbeats");
            thread.setDaemon(true);
            return thread;
          });

  private Heartbeating() {}

  public static void during(String what, Runnable call) {
    during(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  /** A blocking call that returns a value and may throw what it throws. */
  @FunctionalInterface
  public interface Blocking<T, E extends Exception> {
    T get() throws E;
  }

  public static <T, E extends Exception> T during(String what, Blocking<T, E> call) throws E {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ScheduledFuture<?> beats =
        TIMER.scheduleAtFixedRate(
            () -> {
              try {
                context.heartbeat(what);
              } catch (RuntimeException e) {
                // Cancelled or timed out: the blocking call cannot be interrupted; the attempt
                // learns of it
                // at its own next heartbeat, once the call returns.
              }
            },
            0,
            EVERY.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return call.get();
    } finally {
      beats.cancel(false);
    }
  }
}
