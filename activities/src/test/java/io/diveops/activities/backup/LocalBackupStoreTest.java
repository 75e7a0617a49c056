package io.diveops.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diveops.api.backup.BackupManifest;
import io.diveops.api.backup.BackupStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBackupStoreTest {
  @TempDir Path root;

  BackupManifest manifest(String id, List<BackupManifest.Artifact> artifacts) {
    return new BackupManifest(
        BackupManifest.FORMAT,
        "usa",
        id,
        "2026-11-26T02:00:00Z",
        null,
        "1.0.0",
        BackupStatus.COMPLETE,
        artifacts,
        Map.of(),
        new BackupManifest.Counts(Map.of(), Map.of(), 0),
        id,
        Map.of(),
        null);
  }

  BackupManifest.Artifact write(LocalBackupStore store, String id, String name, String content)
      throws IOException {
    ArtifactWriter out = ArtifactWriter.open(store, "usa", id, name, "config");
    try (OutputStream o = out) {
      o.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return out.finish();
  }

  @Test
  void aBackupIsInvisibleUntilPublishedWithItsManifest() throws IOException {
    var store = new LocalBackupStore(root);
    var artifact = write(store, "20261126T020000Z", "config/a.json", "{}");
    assertThat(store.list("usa")).isEmpty();
    store.publish(manifest("20261126T020000Z", List.of(artifact)));
    assertThat(store.list("usa")).containsExactly("20261126T020000Z");
    assertThat(store.manifest("usa", "20261126T020000Z").orElseThrow().artifacts())
        .containsExactly(artifact);
    assertThat(artifact.sha256())
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    assertThat(artifact.sizeBytes()).isEqualTo(2);
    Path dir = root.resolve("usa/20261126T020000Z");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("config/a.json"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("manifest.json"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("usa"))))
        .isEqualTo("rwx------");
  }

  @Test
  void secondOnlyIdsAndPerRunIdsLiveSideBySideInTimeOrder() throws IOException {
    var store = new LocalBackupStore(root);
    for (String id :
        List.of(
            "20261126T020000Z-042-3f9a1c2e", "20261126T020000Z", "20261126T020000Z-042-7b00d4aa")) {
      store.publish(manifest(id, List.of(write(store, id, "config/a.json", id))));
    }
    assertThat(store.list("usa"))
        .containsExactly(
            "20261126T020000Z", "20261126T020000Z-042-3f9a1c2e", "20261126T020000Z-042-7b00d4aa");
    assertThat(store.manifest("usa", "20261126T020000Z").orElseThrow().sentinel())
        .isEqualTo("20261126T020000Z");
    assertThat(store.manifest("usa", "20261126T020000Z-042-7b00d4aa").orElseThrow().sentinel())
        .isEqualTo("20261126T020000Z-042-7b00d4aa");
  }

  @Test
  void publishingRefusesAMissingArtifactAndListsNothing() throws IOException {
    var store = new LocalBackupStore(root);
    write(store, "20261126T020000Z", "config/a.json", "{}");
    var missing = new BackupManifest.Artifact("redis/dump.rdb", "redis-rdb", "00", 1);
    assertThatThrownBy(() -> store.publish(manifest("20261126T020000Z", List.of(missing))))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("redis/dump.rdb");
    assertThat(store.list("usa")).isEmpty();
    store.discard("usa", "20261126T020000Z");
    assertThat(Files.list(root.resolve("usa")).toList()).isEmpty();
  }

  @Test
  void namesThatLeaveTheStoreAreRefused() {
    var store = new LocalBackupStore(root);
    assertThatThrownBy(() -> store.create("usa", "../x", "a"))
        .hasMessageContaining("not a valid instance or backup id");
    assertThatThrownBy(() -> store.create("usa", "id", "../../etc/passwd"))
        .hasMessageContaining("leaves its backup directory");
  }

  @Test
  void deletedBackupsStopBeingListedAndManifestsUpdateInPlace() throws IOException {
    var store = new LocalBackupStore(root);
    for (String id : List.of("20261125T020000Z", "20261126T020000Z")) {
      store.publish(manifest(id, List.of(write(store, id, "config/a.json", id))));
    }
    var verified =
        store
            .manifest("usa", "20261126T020000Z")
            .orElseThrow()
            .verified(
                new BackupManifest.Verification(true, "now", null, List.of("ok"), 1200, "run"));
    store.updateManifest(verified);
    assertThat(store.manifest("usa", "20261126T020000Z").orElseThrow().status())
        .isEqualTo(BackupStatus.VERIFIED);
    store.delete("usa", "20261125T020000Z");
    assertThat(store.list("usa")).containsExactly("20261126T020000Z");
  }
}
