package io.diveops.activities.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.regex.Pattern;

/** One file per secret, readable by the owner only: the sandbox's stand-in for Secret Manager. */
public class FileSecretStore implements SecretStore {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private final Path directory;
  private final SecureRandom random = new SecureRandom();

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
    // Letters and digits with a mixed-case prefix and a digit and symbol suffix satisfy DIVE's
    // password policy (16+ characters, upper, lower, digit, special).
    StringBuilder value = new StringBuilder("Dv");
    for (int i = 0; i < 22; i++) {
      value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    value.append("7-");
    try {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      Files.setPosixFilePermissions(directory, OWNER_DIR); // also when it existed with a wider mode
      createOwnerOnly(file, value.toString());
      return value.toString();
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

  private Path file(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a secret name: '" + name + "'");
    }
    return directory.resolve(name);
  }
}
