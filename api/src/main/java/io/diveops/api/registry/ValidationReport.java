package io.diveops.api.registry;

import java.util.List;

/** The outcome of validating a registry. {@code valid} is true exactly when there are no errors. */
public record ValidationReport(
    String registry, boolean valid, List<Finding> errors, List<Finding> warnings) {

  public ValidationReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public static ValidationReport of(String registry, List<Finding> errors, List<Finding> warnings) {
    return new ValidationReport(registry, errors.isEmpty(), errors, warnings);
  }
}
