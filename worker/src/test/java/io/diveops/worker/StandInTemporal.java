package io.diveops.worker;

import io.diveops.worker.it.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A stand-in {@code temporal} CLI for launcher tests: it records how it was called, one argument a
 * line, and answers with a canned run, so a launcher's input, output and exit codes are tested
 * without a server.
 */
final class StandInTemporal {
  static final Path ROOT =
      Path.of(System.getProperty("dive.root", "..")).toAbsolutePath().normalize();

  private final Path dir;
  private final Path cli;

  StandInTemporal(Path dir) throws IOException {
    this.dir = dir;
    this.cli = dir.resolve("temporal");
    Files.writeString(
        cli,
        """
        #!/usr/bin/env bash
        printf '%s\\n' "$@" > "$(dirname "$0")/args"
        cat "$(dirname "$0")/answer.json"
        """);
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
  }

  /** The next run completes with this result. */
  void answerCompleted(String result) throws IOException {
    String data = Base64.getEncoder().encodeToString(result.getBytes());
    answer(
        "{\"status\": \"COMPLETED\", \"closeEvent\": {\"workflowExecutionCompletedEventAttributes\":"
            + " {\"result\": {\"payloads\": [{\"data\": \""
            + data
            + "\"}]}}}}");
  }

  /** The next run's close, as the CLI prints it with {@code -o json}. */
  void answer(String json) throws IOException {
    Files.writeString(dir.resolve("answer.json"), json);
  }

  /** Runs {@code runbooks/<launcher>} with this CLI. */
  Script.Result run(String launcher, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("runbooks/" + launcher).toString());
    command.addAll(List.of(args));
    return Script.run(
        ROOT, Map.of("TEMPORAL_CLI", cli.toString()), Duration.ofSeconds(30), command);
  }

  /** Whether the CLI was called at all. */
  boolean called() {
    return Files.exists(dir.resolve("args"));
  }

  List<String> args() throws IOException {
    return Files.readAllLines(dir.resolve("args"));
  }

  /** The value the CLI got after {@code flag}. */
  String arg(String flag) throws IOException {
    List<String> args = args();
    return args.get(args.indexOf(flag) + 1);
  }
}
