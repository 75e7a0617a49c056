package io.diveops.activities.registry;

import io.diveops.api.registry.ValidationReport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instances a changing runbook may act on: read from a registry that validates clean, since
 * nothing mutating runs on an invalid registry. Each call reads the file again, so an edited
 * registry is seen by the next step without a worker restart.
 */
public class EnabledInstances {
  private final Path registryFile;
  private final Optional<Path> schemaOverride;

  /** @param schemaOverride the schema to judge by instead of the one the registry names */
  public EnabledInstances(Path registryFile, Optional<Path> schemaOverride) {
    this.registryFile = registryFile;
    this.schemaOverride = schemaOverride;
  }

  /**
   * Judged by the schema the registry names. The worker passes its configured override instead
   * ({@code dive-ops.registry-schema}), so every validating path of it judges alike.
   */
  public EnabledInstances(Path registryFile) {
    this(registryFile, Optional.empty());
  }

  public Path registryFile() {
    return registryFile;
  }

  /** The whole registry, once it validates. */
  public FederationRegistry registry() {
    try {
      ValidationReport report = new RegistryValidator().validate(registryFile, schemaOverride);
      if (!report.valid()) {
        throw new IllegalArgumentException("the registry " + registryFile + " is invalid (" + report.errors().size()
            + " errors, first: " + report.errors().get(0).line() + "): nothing runs on an invalid registry");
      }
      return new RegistryReader().read(registryFile).model().orElseThrow();
    } catch (UnusableRegistryException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The keys of the enabled instances, sorted. */
  public List<String> keys() {
    return registry().instances().entrySet().stream().filter(e -> e.getValue().enabled()).map(Map.Entry::getKey)
        .sorted().toList();
  }

  /** One enabled instance of a valid registry. */
  public Instance get(String key) {
    return get(registry(), key);
  }

  public static Instance get(FederationRegistry registry, String key) {
    Instance instance = registry.instances().get(key);
    if (instance == null || !instance.enabled()) {
      throw new IllegalArgumentException("instance '" + key + "' is "
          + (instance == null ? "not in the registry (known: " + String.join(", ", registry.instances().keySet()) + ")" : "disabled"));
    }
    return instance;
  }
}
