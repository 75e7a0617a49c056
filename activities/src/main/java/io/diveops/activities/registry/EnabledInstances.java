package io.diveops.activities.registry;

import io.diveops.api.FailureType;
import io.diveops.api.registry.ValidationReport;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place an instance key becomes an {@link Instance}: every activity resolves instances
 * here, so every runbook refuses the same cases with the same failure type.
 *
 * <p>The rule, each case non-retryable since a retry reads the same file:
 *
 * <ul>
 *   <li>registry missing, unreadable, not JSON, its schema missing, or failing validation: {@link
 *       FailureType#UNUSABLE_REGISTRY}, naming the file and the first error. Read-only runbooks
 *       (verify, health probes) refuse too: an instance described by an invalid registry may not be
 *       the one that runs, and nothing mutating may follow from what they report.
 *   <li>key not in the registry: {@link FailureType#UNKNOWN_INSTANCE}, naming the key and the known
 *       keys.
 *   <li>instance disabled: {@link FailureType#DISABLED_INSTANCE}. HealthWatch is only started for
 *       enabled instances, so a watched instance that gets disabled fails its probes and the watch
 *       reports that it cannot probe, as it did when a disabled instance counted as unknown.
 * </ul>
 *
 * <p>Each call reads the file again, so an edited registry is seen by the next step without a
 * worker restart. Validating it (JSON Schema and rules, about 15 ms) is done once per content:
 * HealthWatch resolves every instance every few seconds, and an unchanged file is judged the same.
 */
public class EnabledInstances {
  private final Path registryFile;
  private final Optional<Path> schemaOverride;
  private volatile Validated validated;

  /** The registry last found valid, and the digest of the bytes it was read from. */
  private record Validated(String digest, FederationRegistry registry) {}

  /**
   * @param schemaOverride the schema to judge by instead of the one the registry names
   */
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
    String digest = digest();
    Validated last = validated;
    if (last != null && last.digest().equals(digest)) {
      return last.registry();
    }
    ValidationReport report;
    try {
      report = new RegistryValidator().validate(registryFile, schemaOverride);
      if (report.valid()) {
        FederationRegistry registry = new RegistryReader().read(registryFile).model().orElseThrow();
        validated = new Validated(digest, registry);
        return registry;
      }
    } catch (UnusableRegistryException e) {
      throw failure(FailureType.UNUSABLE_REGISTRY, e.getMessage());
    }
    throw failure(
        FailureType.UNUSABLE_REGISTRY,
        "the registry "
            + registryFile
            + " is invalid ("
            + report.errors().size()
            + " errors, first: "
            + report.errors().get(0).line()
            + "): nothing runs on an invalid registry");
  }

  /**
   * The keys of the enabled instances, sorted. For the worker's start-up and commands, which are no
   * activity: there an unusable registry is an {@link IllegalArgumentException}, as any bad setting
   * is.
   */
  public List<String> keys() {
    FederationRegistry registry;
    try {
      registry = registry();
    } catch (ApplicationFailure e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
    return registry.instances().entrySet().stream()
        .filter(e -> e.getValue().enabled())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** One enabled instance of the valid registry. */
  public Instance get(String key) {
    return get(registry(), key);
  }

  /**
   * One enabled instance of {@code registry}, read by {@link #registry()} (for a step that needs
   * both).
   */
  public Instance get(FederationRegistry registry, String key) {
    Instance instance = registry.instances().get(key);
    if (instance == null) {
      throw failure(
          FailureType.UNKNOWN_INSTANCE,
          "instance '"
              + key
              + "' is not in the registry "
              + registryFile
              + " (known: "
              + String.join(", ", registry.instances().keySet())
              + ")");
    }
    if (!instance.enabled()) {
      throw failure(
          FailureType.DISABLED_INSTANCE,
          "instance '"
              + key
              + "' is disabled in the registry "
              + registryFile
              + ": enable it there first");
    }
    return instance;
  }

  /** The file's content digest, or "" when it cannot be read (validation then says why). */
  private String digest() {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(registryFile)));
    } catch (IOException | NoSuchAlgorithmException e) {
      return "";
    }
  }

  private static ApplicationFailure failure(FailureType type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type.type());
  }
}
