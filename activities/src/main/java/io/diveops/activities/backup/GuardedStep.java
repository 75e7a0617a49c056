package io.diveops.activities.backup;

import io.diveops.api.FailureType;

import io.diveops.activities.docker.DockerException;
import io.diveops.activities.docker.DockerFailure;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;

/**
 * How a backup or restore step fails: whatever goes wrong becomes a failure that says which step
 * and why, typed so the workflow and the operator can tell a bad request from a broken store.
 * Backup and restore share it so the same fault reads the same in both.
 */
final class GuardedStep {
  private GuardedStep() {}

  /**
   * Runs {@code body} as {@code step}. A failure already typed passes through; a Docker error is
   * mapped by {@link DockerFailure} (a refusal is {@link FailureType#BACKUP_FAILED}); a bad
   * argument is {@link FailureType#INVALID_BACKUP}, not retried; anything else is
   * {@link FailureType#BACKUP_FAILED} and retried.
   */
  static <T> T guarded(String step, Callable<T> body) {
    try {
      return body.call();
    } catch (ApplicationFailure e) {
      throw e;
    } catch (DockerException e) {
      throw DockerFailure.during(step, e, FailureType.BACKUP_FAILED);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(step + ": " + e.getMessage(), FailureType.INVALID_BACKUP.type());
    } catch (Exception e) {
      // A full or unwritable store, a tool that exited non-zero, a datastore that did not answer:
      // retried, since a freed disk or a restarted datastore may let the next attempt through.
      throw ApplicationFailure.newFailure(step + ": " + describe(e), FailureType.BACKUP_FAILED.type());
    }
  }

  /** A file-system error's own message is often just the path: say what happened to it. */
  private static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      message = fs.getFile() + ": " + fs.getReason();
    }
    return message;
  }
}
