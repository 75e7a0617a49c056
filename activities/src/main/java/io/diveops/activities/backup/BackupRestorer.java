package io.diveops.activities.backup;

import io.diveops.api.backup.BackupManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Puts a backup's data into datastores, live or throwaway alike: the restore test and a disaster
 * recovery run the same code, so a VERIFIED backup has been through exactly the path a recovery
 * takes.
 */
final class BackupRestorer {
  private final BackupStore store;
  private final Path scratch;

  BackupRestorer(BackupStore store, Path scratch) {
    this.store = store;
    this.scratch = scratch;
  }

  void postgres(PostgresData postgres, BackupManifest backup, Runnable beat) throws IOException {
    for (BackupManifest.Artifact a : backup.artifacts()) {
      if (a.kind().equals("postgres-dump")) {
        String database =
            ManifestNames.postgresDatabase(a, backup.instance() + "/" + backup.id(), a.name());
        try (InputStream in = store.open(backup.instance(), backup.id(), a.name())) {
          postgres.restore(database, in, a.sizeBytes(), scratch, beat);
        }
        beat.run();
      }
    }
  }

  void mongo(MongoData mongo, BackupManifest backup, Runnable beat) throws IOException {
    for (BackupManifest.Artifact a : backup.artifacts()) {
      if (a.kind().equals("mongodb-collection")) {
        String[] parts =
            ManifestNames.mongoCollection(
                a, backup.instance() + "/" + backup.id(), a.name(), ".bson");
        byte[] metadata;
        try (InputStream in =
            store.open(
                backup.instance(),
                backup.id(),
                a.name().replaceAll("\\.bson$", ".metadata.json"))) {
          metadata = in.readAllBytes();
        }
        try (InputStream in = store.open(backup.instance(), backup.id(), a.name())) {
          mongo.restoreCollection(
              parts[0], parts[1], new java.io.BufferedInputStream(in, 1 << 16), metadata, beat);
        }
      }
    }
  }

  void redis(RedisData redis, BackupManifest backup) throws IOException {
    for (BackupManifest.Artifact a : backup.artifacts()) {
      if (a.kind().equals("redis-rdb")) {
        try (InputStream in = store.open(backup.instance(), backup.id(), a.name())) {
          redis.restore(in, a.sizeBytes(), scratch);
        }
      }
    }
  }
}
