package io.diveops.activities.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.diveops.api.registry.Finding;
import java.util.Comparator;
import java.util.List;

/** Draft-07 JSON Schema validation of the registry, each violation as a finding. */
public class SchemaCheck {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .pathType(PathType.LEGACY)
          .formatAssertionsEnabled(true)
          .build();

  private final JsonSchema schema;

  public SchemaCheck(JsonNode schemaJson) {
    this.schema = FACTORY.getSchema(schemaJson, CONFIG);
  }

  public List<Finding> check(JsonNode registry) {
    return schema.validate(registry).stream()
        .map(SchemaCheck::toFinding)
        .sorted(Comparator.comparing(Finding::path).thenComparing(Finding::rule))
        .toList();
  }

  private static Finding toFinding(ValidationMessage message) {
    String path = message.getInstanceLocation().toString();
    String text = message.getMessage();
    // The library prefixes its message with the path; the finding already carries it.
    if (text.startsWith(path + ": ")) {
      text = text.substring(path.length() + 2);
    }
    return new Finding(path, "schema:" + message.getType(), text);
  }
}
