package io.diveops.activities.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A registry file as read: its location, the raw JSON (for the schema and for rules that look at
 * what the typed model leaves out) and, when the JSON has the right shape, the typed model.
 */
public record RegistryDocument(Path file, JsonNode json, Optional<FederationRegistry> model) {

  /** JSON path of an instance, as used in findings. */
  public static String instancePath(String key) {
    return "$.instances." + key;
  }
}
