package io.diveops.activities.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.diveops.api.registry.Finding;
import io.diveops.api.registry.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a registry: the draft-07 schema first, then the rules a schema cannot express. All
 * errors are reported at once so an operator fixes a file in one pass.
 */
public class RegistryValidator {
  public static final List<RegistryRule> RULES =
      List.of(
          new InstanceCodeRule(),
          new PortCollisionRule(),
          new FederationMatrixRule(),
          new ContainerNameRule(),
          new TunnelRule(),
          new SecretReferenceRule());

  private final RegistryReader reader;
  private final List<RegistryRule> rules;

  public RegistryValidator(RegistryReader reader, List<RegistryRule> rules) {
    this.reader = reader;
    this.rules = List.copyOf(rules);
  }

  public RegistryValidator() {
    this(new RegistryReader(), RULES);
  }

  /**
   * @param schemaOverride a schema file to use instead of the one the registry names
   * @throws UnusableRegistryException when the registry or its schema cannot be read as JSON
   */
  public ValidationReport validate(Path registryFile, Optional<Path> schemaOverride) {
    return validate(reader.read(registryFile), schemaOverride);
  }

  /**
   * Validates a registry as read, or as built in memory ({@link RegistryReader#document}) before it
   * is written.
   *
   * @throws UnusableRegistryException when its schema cannot be read as JSON
   */
  public ValidationReport validate(RegistryDocument document, Optional<Path> schemaOverride) {
    Path registryFile = document.file();
    Path schemaFile = schemaOverride.orElseGet(() -> schemaNamedBy(document));
    JsonNode schema = reader.readJson(schemaFile, "schema");

    List<Finding> semanticErrors = new ArrayList<>();
    List<Finding> warnings = new ArrayList<>();
    document
        .model()
        .ifPresent(
            model ->
                rules.forEach(
                    rule -> {
                      semanticErrors.addAll(rule.errors(model, document));
                      warnings.addAll(rule.warnings(model, document));
                    }));

    // Where a rule names the same spot as the schema (a malformed tunnel id), its message is the
    // more specific one: keep it and drop the schema's.
    Set<String> ruled = new HashSet<>();
    semanticErrors.forEach(f -> ruled.add(f.path()));
    List<Finding> errors = new ArrayList<>();
    new SchemaCheck(schema)
        .check(document.json()).stream()
            .filter(f -> !ruled.contains(f.path()))
            .forEach(errors::add);
    errors.addAll(semanticErrors);
    if (document.model().isEmpty() && errors.isEmpty()) {
      errors.add(
          new Finding("$", "model", "the registry does not have the shape of DIVE format v3"));
    }
    return ValidationReport.of(registryFile.toString(), errors, warnings);
  }

  /** The registry names its schema with "$schema", relative to the registry file. */
  private static Path schemaNamedBy(RegistryDocument document) {
    String named = document.json().path("$schema").asText("");
    if (named.isBlank() || named.contains("://")) {
      throw new UnusableRegistryException(
          document.file() + ": names no local schema file in \"$schema\"; pass one with --schema");
    }
    Path parent = document.file().toAbsolutePath().getParent();
    Path schema = parent.resolve(named).normalize();
    if (!Files.isRegularFile(schema)) {
      throw new UnusableRegistryException(
          document.file()
              + ": the schema it names, "
              + schema
              + ", does not exist; pass one with --schema");
    }
    return schema;
  }
}
