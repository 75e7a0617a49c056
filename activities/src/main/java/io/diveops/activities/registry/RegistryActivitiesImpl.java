package io.diveops.activities.registry;

import io.diveops.api.FailureType;
import io.diveops.api.registry.RegistryActivities;
import io.diveops.api.registry.ValidationReport;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Optional;

public class RegistryActivitiesImpl implements RegistryActivities {

  private final RegistryValidator validator;
  private final Path defaultRegistry;
  private final Optional<Path> schemaOverride;

  public RegistryActivitiesImpl(
      RegistryValidator validator, Path defaultRegistry, Optional<Path> schemaOverride) {
    this.validator = validator;
    this.defaultRegistry = defaultRegistry;
    this.schemaOverride = schemaOverride;
  }

  @Override
  public ValidationReport validateRegistry(String registry) {
    Path file =
        (registry == null || registry.isBlank() ? defaultRegistry : Path.of(registry))
            .toAbsolutePath()
            .normalize();
    try {
      return validator.validate(file, schemaOverride);
    } catch (UnusableRegistryException e) {
      // Retrying cannot make a missing or malformed file readable: fail the run at once.
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureType.UNUSABLE_REGISTRY.type());
    }
  }
}
