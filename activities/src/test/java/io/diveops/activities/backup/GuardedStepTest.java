package io.diveops.activities.backup;

import static io.diveops.activities.backup.GuardedStep.guarded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.diveops.api.FailureType;

import io.diveops.activities.docker.DockerException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.FileSystemException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a backup or restore step fails with: the type and whether Temporal retries it, per kind of fault. */
class GuardedStepTest {

  /** The fault a step throws, and the failure it becomes: type, retried or not, message. */
  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("an unreachable Docker engine", new DockerException("cannot connect to the Docker engine", true, null),
            FailureType.DOCKER_UNAVAILABLE, true, "dump Redis: cannot connect to the Docker engine"),
        Arguments.of("a request Docker refuses", new DockerException("no such container dive-usa-redis", false, null),
            FailureType.BACKUP_FAILED, false, "dump Redis: no such container dive-usa-redis"),
        Arguments.of("a bad argument", new IllegalArgumentException("unknown datastore 'sqlite'"),
            FailureType.INVALID_BACKUP, false, "dump Redis: unknown datastore 'sqlite'"),
        Arguments.of("a full disk: the file and what happened to it",
            new FileSystemException("/backups/usa/1/dump.rdb", null, "No space left on device"),
            FailureType.BACKUP_FAILED, true, "dump Redis: /backups/usa/1/dump.rdb: No space left on device"),
        Arguments.of("a fault without a message: its kind", new IllegalStateException(),
            FailureType.BACKUP_FAILED, true, "dump Redis: IllegalStateException"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void eachKindOfFaultHasItsTypeAndRetryability(String fault, Exception thrown, FailureType type, boolean retried,
      String message) {
    ApplicationFailure failure = failing(thrown);
    assertThat(failure.getType()).isEqualTo(type.type());
    assertThat(failure.isNonRetryable()).isEqualTo(!retried);
    assertThat(failure.getOriginalMessage()).isEqualTo(message);
  }

  @Test
  void aFailureAlreadyTypedPassesThroughUnchanged() {
    ApplicationFailure typed = ApplicationFailure.newNonRetryableFailure("no backup 'x'", FailureType.INVALID_BACKUP.type());
    assertThat(failing(typed)).isSameAs(typed);
  }

  @Test
  void aStepThatWorksReturnsItsValue() {
    assertThat(guarded("count", () -> 42)).isEqualTo(42);
  }

  private static ApplicationFailure failing(Exception thrown) {
    ApplicationFailure failure = catchThrowableOfType(() -> guarded("dump Redis", () -> {
      throw thrown;
    }), ApplicationFailure.class);
    assertThat(failure).as("an ApplicationFailure").isNotNull();
    return failure;
  }
}
