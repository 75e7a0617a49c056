package io.diveops.activities.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The product's own sandbox registry and its schema, copied where a test may change them. */
public final class SandboxRegistry {
  public static final Path ROOT = Path.of(System.getProperty("dive.root", ".."));

  private SandboxRegistry() {}

  /** Copies both into {@code <dir>/config/}; returns the registry's path there. */
  public static Path copyInto(Path dir) throws IOException {
    Path config = Files.createDirectories(dir.resolve("config"));
    Path registry =
        Files.copy(
            ROOT.resolve("config/federation-registry.json"),
            config.resolve("federation-registry.json"));
    Files.copy(
        ROOT.resolve("config/federation-registry.schema.json"),
        config.resolve("federation-registry.schema.json"));
    return registry;
  }
}
