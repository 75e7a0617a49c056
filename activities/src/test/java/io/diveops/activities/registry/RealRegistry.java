package io.diveops.activities.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The real DIVE registry and schema in shared/, and mutated copies of it made per test. */
public final class RealRegistry {
  public static final Path SHARED = Path.of(System.getProperty("dive.shared", "../../shared"));
  public static final Path FILE = SHARED.resolve("dive-v3/federation-registry.json");
  public static final Path SCHEMA = SHARED.resolve("dive-v3/federation-registry.schema.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RealRegistry() {}

  public static ObjectNode json() {
    try {
      return (ObjectNode) MAPPER.readTree(FILE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Disables an instance, taking it out of the federation matrix too (a matrix naming a disabled
   * instance is invalid).
   */
  public static Consumer<ObjectNode> disabled(String key) {
    return registry -> {
      ((ObjectNode) registry.at("/instances/" + key)).put("enabled", false);
      ObjectNode matrix = registry.with("federation").with("matrix");
      matrix.remove(key);
      matrix.forEach(row -> withoutPartner((ArrayNode) row, key));
    };
  }

  /** Takes {@code partner} out of one row of the federation matrix. */
  public static void withoutPartner(ArrayNode row, String partner) {
    for (int i = row.size() - 1; i >= 0; i--) {
      if (row.get(i).asText().equals(partner)) {
        row.remove(i);
      }
    }
  }

  /** Writes a copy of the real registry, changed by {@code mutation}, into {@code dir}. */
  public static Path mutated(Path dir, Consumer<ObjectNode> mutation) {
    ObjectNode copy = json();
    mutation.accept(copy);
    Path file = dir.resolve("federation-registry.json");
    try {
      Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(copy));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
