package io.diveops.activities.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code <dir>/<version>.json}, naming the file and what is wrong when it cannot. */
public class ReleaseReader {
  private final Path directory;
  private final ObjectMapper mapper = new ObjectMapper();

  public ReleaseReader(Path directory) {
    this.directory = directory;
  }

  public Release read(String version) {
    if (version == null || !version.matches("^[0-9A-Za-z.+-]{1,64}$")) {
      throw new IllegalArgumentException("not a release version: '" + version + "'");
    }
    Path file = directory.resolve(version + ".json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "release " + version + " does not exist (no " + file + ")");
    }
    try {
      Release release = mapper.readValue(file.toFile(), Release.class);
      if (!version.equals(release.version())) {
        throw new IllegalArgumentException(
            file + ": says version '" + release.version() + "', expected '" + version + "'");
      }
      release
          .services()
          .forEach(
              (service, spec) -> {
                if (spec.image() == null || spec.image().isBlank()) {
                  throw new IllegalArgumentException(
                      file + ": service '" + service + "' has no image");
                }
              });
      return release;
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a release file: " + e.getMessage(), e);
    }
  }
}
