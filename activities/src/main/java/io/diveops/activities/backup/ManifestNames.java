package io.diveops.activities.backup;

import io.diveops.api.backup.BackupManifest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names a restore takes from a manifest: the database of a PostgreSQL dump, the database and
 * collection of a Mongo dump. They go into {@code DROP DATABASE}, tar entries, file paths inside
 * containers and driver calls, and a manifest is a file anyone with access to the store can edit,
 * so they are checked when the manifest is read, before any of that happens.
 */
final class ManifestNames {
  /**
   * What DIVE's datastores use (keycloak, dive-v3-usa, dive_ops_sentinel): no quote, slash, space
   * or leading dot.
   */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}");

  private static final int POSTGRES_MAX = 63;

  private ManifestNames() {}

  /**
   * @throws IllegalArgumentException naming the manifest, the field and the offending name
   */
  static void check(BackupManifest manifest, String source) {
    List<BackupManifest.Artifact> artifacts = manifest.artifacts();
    for (int i = 0; i < artifacts.size(); i++) {
      BackupManifest.Artifact a = artifacts.get(i);
      String field = "artifacts[" + i + "].name";
      if (a.name() == null) {
        throw invalid(source, field, "null", "an artifact needs a name");
      }
      switch (a.kind() == null ? "" : a.kind()) {
        case "postgres-dump" -> postgresDatabase(a, source, field);
        case "mongodb-collection" -> mongoCollection(a, source, field, ".bson");
        case "mongodb-metadata" -> mongoCollection(a, source, field, ".metadata.json");
        default -> {}
      }
    }
  }

  /** {@code postgres/<database>.dump} → the database. */
  static String postgresDatabase(BackupManifest.Artifact a, String source, String field) {
    String database = between(a, "postgres/", ".dump", source, field);
    if (!SAFE.matcher(database).matches() || database.length() > POSTGRES_MAX) {
      throw invalid(
          source,
          field,
          a.name(),
          "database name '"
              + database
              + "' is not a safe PostgreSQL name (letters, digits, _ . -, "
              + "at most "
              + POSTGRES_MAX
              + ", not starting with . or -)");
    }
    return database;
  }

  /** {@code mongodb/<database>/<collection><suffix>} → database and collection. */
  static String[] mongoCollection(
      BackupManifest.Artifact a, String source, String field, String suffix) {
    String[] parts = between(a, "mongodb/", suffix, source, field).split("/", -1);
    if (parts.length != 2) {
      throw invalid(source, field, a.name(), "expected mongodb/<database>/<collection>" + suffix);
    }
    for (String part : parts) {
      if (!SAFE.matcher(part).matches()) {
        throw invalid(
            source,
            field,
            a.name(),
            "'"
                + part
                + "' is not a safe Mongo database or collection name (letters, digits, _ . -)");
      }
    }
    return parts;
  }

  private static String between(
      BackupManifest.Artifact a, String prefix, String suffix, String source, String field) {
    String name = a.name();
    if (!name.startsWith(prefix)
        || !name.endsWith(suffix)
        || name.length() <= prefix.length() + suffix.length()) {
      throw invalid(
          source, field, name, "a " + a.kind() + " artifact is named " + prefix + "…" + suffix);
    }
    return name.substring(prefix.length(), name.length() - suffix.length());
  }

  private static IllegalArgumentException invalid(
      String source, String field, String value, String why) {
    return new IllegalArgumentException(
        "backup manifest "
            + source
            + ": "
            + field
            + " '"
            + value
            + "': "
            + why
            + "; nothing is restored from it");
  }
}
