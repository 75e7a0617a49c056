package io.diveops.worker;

import io.diveops.worker.cli.SandboxCommand;
import io.diveops.worker.cli.SchedulesCommand;
import io.diveops.worker.cli.ValidateCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;

/**
 * One jar, several uses: {@code validate} and {@code sandbox} are commands that needs no Spring context and no
 * Temporal server (so a pre-commit hook stays fast); anything else starts the worker.
 */
public final class DiveOpsMain {
  private DiveOpsMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("validate") || args[0].equals("sandbox") || args[0].equals("schedules"))) {
      // Commands speak for themselves: library chatter (drivers, HTTP clients) only when it warns.
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    if (args.length > 0 && args[0].equals("validate")) {
      System.exit(new ValidateCommand(System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 0 && args[0].equals("sandbox")) {
      System.exit(SandboxCommand.fromEnvironment(System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 0 && args[0].equals("schedules")) {
      System.exit(new SchedulesCommand(System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(WorkerApplication.class, args);
  }
}
