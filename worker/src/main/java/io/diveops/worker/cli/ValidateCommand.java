package io.diveops.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.registry.UnusableRegistryException;
import io.diveops.api.registry.Finding;
import io.diveops.api.registry.ValidationReport;
import io.diveops.worker.DiveOpsProperties;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code dive-ops validate [--schema FILE] [--json] [registry.json]}: exit 0 valid, 1 invalid (one
 * line per error: path, rule, message), 2 unusable input. It only reads.
 */
public class ValidateCommand {
  public static final int VALID = 0;
  public static final int INVALID = 1;
  public static final int UNUSABLE = 2;
  static final String USAGE = "usage: dive-ops validate [--schema FILE] [--json] [registry.json]";

  private final PrintStream out;
  private final PrintStream err;
  private final DiveOpsProperties settings;

  /**
   * @param settings the registry and schema override the worker would use, when none is given
   */
  public ValidateCommand(PrintStream out, PrintStream err, DiveOpsProperties settings) {
    this.out = out;
    this.err = err;
    this.settings = settings;
  }

  public int run(String... args) {
    Optional<Path> schema =
        settings.schemaOverride(); // --schema wins over dive-ops.registry-schema
    boolean json = false;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = true;
        case "--schema" -> {
          if (i + 1 == args.length) {
            return unusable("--schema needs a file");
          }
          schema = Optional.of(Path.of(args[++i]));
        }
        case "-h", "--help" -> {
          out.println(USAGE);
          return VALID;
        }
        default -> {
          if (args[i].startsWith("-")) {
            return unusable("unknown option '" + args[i] + "'");
          }
          files.add(args[i]);
        }
      }
    }
    if (files.size() > 1) {
      return unusable("one registry at a time, got " + files.size());
    }
    Path registry = files.isEmpty() ? settings.registry() : Path.of(files.get(0));
    ValidationReport report;
    try {
      report = new RegistryValidator().validate(registry, schema);
    } catch (UnusableRegistryException e) {
      err.println("error: " + e.getMessage());
      return UNUSABLE;
    }
    if (json) {
      printJson(report);
    } else {
      report.errors().forEach(f -> out.println("error    " + f.line()));
      report.warnings().forEach(f -> out.println("warning  " + f.line()));
      out.println(
          (report.valid() ? "VALID   " : "INVALID ")
              + registry
              + ": "
              + count(report.errors(), "error")
              + ", "
              + count(report.warnings(), "warning"));
    }
    return report.valid() ? VALID : INVALID;
  }

  private void printJson(ValidationReport report) {
    try {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String count(List<Finding> findings, String word) {
    return findings.size() + " " + word + (findings.size() == 1 ? "" : "s");
  }

  private int unusable(String message) {
    err.println("error: " + message);
    err.println(USAGE);
    return UNUSABLE;
  }
}
