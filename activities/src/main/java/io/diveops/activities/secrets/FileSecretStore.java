package io.diveops.activities.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** One file per secret, readable by the owner only: the sandbox's stand-in for Secret Manager. */
public class FileSecretStore implements SecretStore {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
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
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      Files.writeString(file, value, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return value.toString();
    } catch (FileAlreadyExistsException e) {
      return resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create secret '" + name + "' in " + directory, e);
    }
  }

  private Path file(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a secret name: '" + name + "'");
    }
    return directory.resolve(name);
  }
}
