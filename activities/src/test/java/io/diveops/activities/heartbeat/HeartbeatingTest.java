package io.diveops.activities.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking call longer than a heartbeat timeout still heartbeats, so Temporal never starts a
 * second attempt beside it.
 */
class HeartbeatingTest {
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @ActivityInterface
  public interface SlowStop {
    @ActivityMethod
    String stop(long ms);
  }

  /** Stands in for a container that takes its whole stop grace. */
  public static class SlowStopImpl implements SlowStop {
    @Override
    public String stop(long ms) {
      return Heartbeating.during(
          "stopping",
          () -> {
            try {
              Thread.sleep(ms);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return "stopped";
          });
    }
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aLongBlockingCallHeartbeatsThroughout() {
    List<Long> beats = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(String.class, detail -> beats.add(System.nanoTime()));
    env.registerActivitiesImplementations(new SlowStopImpl());
    long start = System.nanoTime();
    assertThat(env.newActivityStub(SlowStop.class).stop(5_000)).isEqualTo("stopped");
    long end = System.nanoTime();
    assertThat(beats).hasSizeGreaterThanOrEqualTo(3);
    // No gap between two heartbeats (or from the start, or to the end) comes near a 10 s timeout;
    // 6 s leaves room for a loaded machine (the first gap includes dispatching the activity).
    long previous = start;
    for (long beat : beats) {
      assertThat(Duration.ofNanos(beat - previous)).isLessThan(Duration.ofSeconds(6));
      previous = beat;
    }
    assertThat(Duration.ofNanos(end - previous)).isLessThan(Duration.ofSeconds(6));
  }
}
