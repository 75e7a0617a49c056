package io.diveops.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.api.backup.BackupManifest;
import io.diveops.api.backup.BackupStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names a restore takes from a manifest (an editable file) are checked when it is read. */
class ManifestNamesTest {
  private static final String ID = "20261126T020000Z";
  @TempDir Path root;

  private Path writeManifest(BackupManifest.Artifact... artifacts) throws IOException {
    Path dir = Files.createDirectories(root.resolve("usa").resolve(ID));
    var manifest =
        new BackupManifest(
            BackupManifest.FORMAT,
            "usa",
            ID,
            "2026-11-26T02:00:00Z",
            "2026-11-26T02:01:00Z",
            "1.0.0",
            BackupStatus.COMPLETE,
            List.of(artifacts),
            Map.of(),
            new BackupManifest.Counts(Map.of(), Map.of(), 0),
            ID,
            Map.of(),
            null);
    Path file = dir.resolve(LocalBackupStore.MANIFEST);
    new ObjectMapper().writeValue(file.toFile(), manifest);
    return file;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgres/key\"cloak.dump            | postgres-dump      | key\"cloak",
        "postgres/a/b.dump                   | postgres-dump      | a/b",
        "postgres/.dump                      | postgres-dump      | postgres/.dump",
        "postgres/x\" WITH (FORCE); --.dump  | postgres-dump      | x\"",
        "mongodb/dive-v3-usa/a/b.bson        | mongodb-collection | mongodb/<database>/<collection>",
        "mongodb/dive\"v3/resources.bson     | mongodb-collection | dive\"v3",
        "mongodb/../resources.metadata.json  | mongodb-metadata   | ..",
      })
  void aNameWithAQuoteOrSlashIsRejectedNamingTheManifestAndField(
      String name, String kind, String named) throws IOException {
    Path file =
        writeManifest(
            new BackupManifest.Artifact("config/containers.json", "config", "00", 1),
            new BackupManifest.Artifact(name, kind, "00", 1));
    var store = new LocalBackupStore(root);
    assertThatThrownBy(() -> store.manifest("usa", ID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backup manifest " + file)
        .hasMessageContaining("artifacts[1].name")
        .hasMessageContaining(named)
        .hasMessageContaining("nothing is restored from it");
  }

  @Test
  void theNamesDiveUsesAreRead() throws IOException {
    writeManifest(
        new BackupManifest.Artifact("postgres/keycloak.dump", "postgres-dump", "00", 1),
        new BackupManifest.Artifact("postgres/dive_ops_sentinel.dump", "postgres-dump", "00", 1),
        new BackupManifest.Artifact(
            "mongodb/dive-v3-usa/resources.bson", "mongodb-collection", "00", 1),
        new BackupManifest.Artifact(
            "mongodb/dive-v3-usa/resources.metadata.json", "mongodb-metadata", "00", 1),
        new BackupManifest.Artifact("volumes/dive-usa_postgres-data.tar", "volume-tar", "00", 1));
    assertThat(new LocalBackupStore(root).manifest("usa", ID)).isPresent();
  }

  @Test
  void identifiersAreQuotedForSqlAsWell() {
    assertThat(PostgresData.quoted("keycloak")).isEqualTo("\"keycloak\"");
    assertThat(PostgresData.quoted("a\"b")).isEqualTo("\"a\"\"b\"");
  }
}
