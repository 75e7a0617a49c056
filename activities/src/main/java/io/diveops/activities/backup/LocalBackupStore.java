package io.diveops.activities.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.diveops.api.backup.BackupManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Backups in a local directory: {@code <root>/<instance>/<id>/} with {@code manifest.json}. A
 * backup is written under {@code .staging-<id>} and renamed into place when complete; a rename
 * within one file system is atomic, so a listing sees the whole backup or none of it.
 */
public class LocalBackupStore implements BackupStore {
  static final String MANIFEST = "manifest.json";
  private static final String STAGING = ".staging-";
  private static final String DELETING = ".deleting-";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Path root;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public LocalBackupStore(Path root) {
    this.root = root;
  }

  /**
   * Backups hold what the datastores hold (Keycloak's database: password hashes, client secrets):
   * owner-only, like the secret store.
   */
  @Override
  public OutputStream create(String instance, String id, String artifact) throws IOException {
    Path file = inside(staging(instance, id), artifact);
    ownerOnlyDirectories(file.getParent());
    OutputStream out = Files.newOutputStream(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return out;
  }

  private void ownerOnlyDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Path p = dir;
        p != null && p.startsWith(root) && !p.equals(root.getParent());
        p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Override
  public void publish(BackupManifest manifest) throws IOException {
    Path staged = staging(manifest.instance(), manifest.id());
    Path complete = complete(manifest.instance(), manifest.id());
    if (Files.exists(complete.resolve(MANIFEST))) {
      return; // a retried publish after the rename: already visible
    }
    for (BackupManifest.Artifact artifact : manifest.artifacts()) {
      if (!Files.isRegularFile(inside(staged, artifact.name()))) {
        throw new NoSuchFileException(
            inside(staged, artifact.name()).toString(),
            null,
            "artifact missing: nothing published");
      }
    }
    writeJson(staged.resolve(MANIFEST), manifest);
    try {
      Files.move(staged, complete, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(
          complete.toString(), null, "a backup with this id exists without a manifest");
    }
  }

  @Override
  public void discard(String instance, String id) throws IOException {
    deleteTree(staging(instance, id));
  }

  @Override
  public List<String> list(String instance) throws IOException {
    Path dir = root.resolve(checked(instance));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> Files.isRegularFile(p.resolve(MANIFEST)))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  @Override
  public Optional<BackupManifest> manifest(String instance, String id) throws IOException {
    Path file = complete(instance, id).resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    BackupManifest manifest = json.readValue(file.toFile(), BackupManifest.class);
    ManifestNames.check(manifest, file.toString());
    return Optional.of(manifest);
  }

  @Override
  public void updateManifest(BackupManifest manifest) throws IOException {
    Path dir = complete(manifest.instance(), manifest.id());
    if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
      throw new NoSuchFileException(dir.toString(), null, "no complete backup");
    }
    writeJson(dir.resolve(MANIFEST), manifest);
  }

  @Override
  public InputStream open(String instance, String id, String artifact) throws IOException {
    return Files.newInputStream(inside(complete(instance, id), artifact));
  }

  @Override
  public void delete(String instance, String id) throws IOException {
    Path complete = complete(instance, id);
    if (!Files.exists(complete)) {
      return;
    }
    Path doomed = complete.resolveSibling(DELETING + id);
    deleteTree(doomed);
    Files.move(complete, doomed, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(doomed);
  }

  @Override
  public List<String> sweepStaging(String instance, Duration olderThan) throws IOException {
    Path dir = root.resolve(checked(instance));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> swept = new ArrayList<>();
    Instant before = Instant.now().minus(olderThan);
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if ((name.startsWith(STAGING) || name.startsWith(DELETING))
            && Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
          deleteTree(p);
          swept.add(name);
        }
      }
    }
    return swept;
  }

  @Override
  public String describe() {
    return root.toAbsolutePath().toString();
  }

  public Path root() {
    return root;
  }

  /** Written to a temporary name and moved: a crash leaves the old manifest or the new one. */
  private void writeJson(Path file, BackupManifest manifest) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, json.writeValueAsBytes(manifest));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Path staging(String instance, String id) {
    return root.resolve(checked(instance)).resolve(STAGING + checked(id));
  }

  private Path complete(String instance, String id) {
    return root.resolve(checked(instance)).resolve(checked(id));
  }

  /**
   * Artifact names come from our own code, but a manifest is a file anyone can edit: stay inside.
   */
  private static Path inside(Path dir, String artifact) {
    Path file = dir.resolve(artifact).normalize();
    if (!file.startsWith(dir) || file.equals(dir)) {
      throw new IllegalArgumentException(
          "artifact name '" + artifact + "' leaves its backup directory");
    }
    return file;
  }

  private static String checked(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a valid instance or backup id (letters, digits, . _ -)");
    }
    return name;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
