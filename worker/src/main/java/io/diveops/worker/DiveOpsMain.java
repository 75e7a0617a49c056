package io.diveops.worker;

import io.diveops.worker.cli.ConfigCommand;
import io.diveops.worker.cli.SandboxCommand;
import io.diveops.worker.cli.SchedulesCommand;
import io.diveops.worker.cli.SecretsCommand;
import io.diveops.worker.cli.ValidateCommand;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;

/**
 * One jar, several uses: {@code validate}, {@code sandbox}, {@code schedules}, {@code secrets} and
 * {@code config} are commands that need no Spring context ({@code validate}, {@code sandbox} and
 * {@code config} no Temporal server either, so a pre-commit hook stays fast); anything else starts
 * the worker. Both read their settings through {@link Settings}' binding.
 */
public final class DiveOpsMain {
  private static final List<String> COMMANDS =
      List.of("validate", "sandbox", "schedules", "secrets", "config");

  private DiveOpsMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && COMMANDS.contains(args[0])) {
      // Commands speak for themselves: library chatter (drivers, HTTP clients) only when it warns.
      ((ch.qos.logback.classic.Logger)
              org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.WARN);
      // Bound as the worker binds its settings, so a command acts on what the worker would.
      Settings settings = Settings.fromEnvironment();
      settings
          .deprecatedVariables()
          .forEach(old -> System.err.println("warning: " + DeprecatedVariables.warning(old)));
      String[] rest = Arrays.copyOfRange(args, 1, args.length);
      System.exit(
          switch (args[0]) {
            case "validate" ->
                new ValidateCommand(System.out, System.err, settings.diveOps()).run(rest);
            case "sandbox" ->
                new SandboxCommand(System.out, System.err, settings.diveOps()).run(rest);
            case "secrets" ->
                new SecretsCommand(System.out, System.err, settings.diveOps()).run(rest);
            case "config" ->
                new ConfigCommand(System.out, System.err, settings.diveOps()).run(rest);
            default -> new SchedulesCommand(System.out, System.err, settings).run(rest);
          });
    }
    SpringApplication.run(WorkerApplication.class, args);
  }
}
