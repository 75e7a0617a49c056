package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a script or command as an operator would, and keeps what it printed apart by stream. */
public final class Script {
  private Script() {}

  public record Result(int exit, String out, String err) {
    /** Both streams, for assertion messages. */
    public String both() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * Runs the command in a directory with these variables added to this JVM's environment (a null
   * value removes one). Output goes through files, so a chatty stream never blocks the other.
   */
  public static Result run(
      Path directory, Map<String, String> env, Duration timeout, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("script-out", ".txt");
    Path err = Files.createTempFile("script-err", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      env.forEach(
          (name, value) -> {
            if (value == null) {
              builder.environment().remove(name);
            } else {
              builder.environment().put(name, value);
            }
          });
      Process process = builder.start();
      boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Result result =
          new Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      assertThat(ended).as("%s ends within %s\n%s", command, timeout, result.both()).isTrue();
      return result;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
