package io.diveops.activities.registry;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the schema override comes from when a caller has none of its own: {@code DIVE_REGISTRY_SCHEMA},
 * the variable the worker's {@code dive-ops.registry-schema} is bound to. Every path that validates
 * (the worker's activities, the schedule installer, the CLI commands) must judge a registry by the
 * same schema, or a registry that validates in one place blocks a runbook in another.
 */
public final class RegistrySchema {
  public static final String ENV = "DIVE_REGISTRY_SCHEMA";

  private RegistrySchema() {}

  public static Optional<Path> override() {
    return override(System.getenv());
  }

  static Optional<Path> override(Map<String, String> env) {
    String value = env.get(ENV);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }
}
