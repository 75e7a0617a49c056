package io.diveops.activities.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** One file per secret, readable by the owner only: the sandbox's stand-in for Secret Manager. */
public class FileSecretStore implements SecretStore {
  /** A file holds one value: its only version. */
  static final String ONLY_VERSION = "1";

  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private final Path directory;

  public FileSecretStore(Path directory) {
    this.directory = directory;
  }

  @Override
  public String resolve(String name) {
    Path file = file(name);
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException("secret '" + name + "' does not exist in " + directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read secret '" + name + "'", e);
    }
  }

  @Override
  public synchronized String ensure(String name) {
    Path file = file(name);
    if (Files.exists(file)) {
      return resolve(name);
    }
    String value = SecretValues.fresh();
    try {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      Files.setPosixFilePermissions(directory, OWNER_DIR); // also when it existed with a wider mode
      createOwnerOnly(file, value);
      return value;
    } catch (FileAlreadyExistsException e) {
      return resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create secret '" + name + "' in " + directory, e);
    }
  }

  /**
   * The secret appears under its name complete and owner-only, or not at all: written into a
   * temporary file created with its final permissions, then linked to its name. (Creating the named
   * file and restricting it afterwards left a moment in which anyone could read it, and in which
   * another worker could read it empty.) A link, unlike a rename, fails when the name exists, so
   * two workers creating the same secret at once agree on the first one's value.
   */
  private void createOwnerOnly(Path file, String value) throws IOException {
    Path tmp =
        Files.createTempFile(
            directory,
            "." + file.getFileName() + ".",
            ".tmp",
            PosixFilePermissions.asFileAttribute(OWNER_FILE));
    try {
      Files.writeString(tmp, value, StandardCharsets.UTF_8);
      try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.createLink(file, tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public synchronized void destroy(String name) {
    try {
      Files.deleteIfExists(file(name));
      Files.deleteIfExists(disabled(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot destroy secret '" + name + "' in " + directory, e);
    }
  }

  /**
   * The file is renamed to a hidden name beside it (owner-only, as it was): no name resolves to it
   * and {@link #names} does not list it; {@link #destroy} removes it.
   */
  @Override
  public synchronized boolean disable(String name) {
    Path file = file(name);
    try {
      if (!Files.exists(file)) {
        return Files.exists(disabled(name));
      }
      Files.move(file, disabled(name), StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot disable secret '" + name + "' in " + directory, e);
    }
  }

  private Path disabled(String name) {
    return directory.resolve("." + SecretValues.checkName(name) + ".disabled");
  }

  @Override
  public String version(String name) {
    if (!Files.exists(file(name))) {
      throw new IllegalStateException("secret '" + name + "' does not exist in " + directory);
    }
    return ONLY_VERSION;
  }

  @Override
  public String resolve(String name, String version) {
    if (!ONLY_VERSION.equals(version)) {
      throw new IllegalStateException(
          "secret '" + name + "' has no version '" + version + "' in " + directory);
    }
    return resolve(name);
  }

  @Override
  public List<StoredVersion> versions(String name) {
    return Files.exists(file(name))
        ? List.of(new StoredVersion(name, ONLY_VERSION, "ENABLED"))
        : List.of();
  }

  @Override
  public List<String> names() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> !n.startsWith(".") && SecretValues.NAME.matcher(n).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the secrets in " + directory, e);
    }
  }

  private Path file(String name) {
    return directory.resolve(SecretValues.checkName(name));
  }
}
