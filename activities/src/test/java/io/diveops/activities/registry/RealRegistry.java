package io.diveops.activities.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
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
