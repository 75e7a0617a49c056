package io.diveops.activities.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads {@code <dir>/<version>.json}, naming the file and what is wrong when it cannot. */
public class ReleaseReader {
  private static final Pattern VERSION = Pattern.compile("^[0-9A-Za-z.+-]{1,64}$");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+|[^0-9]+");
  private final Path directory;
  private final ObjectMapper mapper = new ObjectMapper();

  public ReleaseReader(Path directory) {
    this.directory = directory;
  }

  public Release read(String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
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

  /** The versions of the release files in the directory, oldest first; empty when it has none. */
  public List<String> versions() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .map(name -> name.substring(0, name.length() - ".json".length()))
          .filter(version -> VERSION.matcher(version).matches())
          .sorted(ReleaseReader::compareVersions)
          .toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list the releases in " + directory + ": " + e, e);
    }
  }

  /** The newest release in the directory, by version: 1.10.0 is newer than 1.9.2. */
  public Optional<String> newest() {
    List<String> versions = versions();
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** Compares runs of digits as numbers and everything else as text, so 1.10 follows 1.9. */
  public static int compareVersions(String a, String b) {
    Matcher left = NUMBER.matcher(a);
    Matcher right = NUMBER.matcher(b);
    while (left.find() && right.find()) {
      String x = left.group();
      String y = right.group();
      boolean numbers = Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0));
      int order = numbers ? new BigInteger(x).compareTo(new BigInteger(y)) : x.compareTo(y);
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
