package io.diveops.worker;

import io.diveops.worker.cli.ValidateCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;

/**
 * One jar, two uses: {@code validate} is a quick command that needs no Spring context and no
 * Temporal server (so a pre-commit hook stays fast); anything else starts the worker.
 */
public final class DiveOpsMain {
  private DiveOpsMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("validate")) {
      System.exit(new ValidateCommand(System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(WorkerApplication.class, args);
  }
}
