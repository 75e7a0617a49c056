package io.diveops.activities.backup;

import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngine.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * PostgreSQL through its own tools inside the container ({@code pg_dump}, {@code pg_restore},
 * {@code psql} over the local socket as the superuser), so the dump and the server always agree on
 * the version and no password crosses a command line.
 */
public final class PostgresData {
  static final Duration DUMP_WITHIN = Duration.ofMinutes(30);
  private static final String SUPERUSER = "postgres";
  private static final String SCRATCH = "/tmp/dive-ops-restore";

  /** Exact rows per base table: one count per table, inside whatever snapshot the session holds. */
  static final String COUNT_ROWS =
      """
      SELECT table_schema || '.' || table_name,
             (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
                    false, true, '')))[1]::text::bigint
      FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1""";

  private final DockerEngine docker;
  private final String container;

  public PostgresData(DockerEngine docker, String container) {
    this.docker = docker;
    this.container = container;
  }

  public String version() {
    return psql("postgres", "SHOW server_version").strip();
  }

  public String dumpVersion() {
    return docker
        .exec(container, List.of("pg_dump", "--version"), Duration.ofSeconds(30))
        .stdout()
        .strip();
  }

  /** Every database a client can connect to (Keycloak's included), templates aside. */
  public List<String> databases() {
    return psql(
            "postgres",
            "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1")
        .lines()
        .filter(l -> !l.isBlank())
        .toList();
  }

  /**
   * Creates the database and table the backup sentinel lives in, and writes this backup's value.
   */
  public void writeSentinel(String database, String value) {
    String exists =
        psql("postgres", "SELECT 1 FROM pg_database WHERE datname = '" + database + "'").strip();
    if (exists.isEmpty()) {
      psql("postgres", "CREATE DATABASE " + database);
    }
    psql(
        database,
        "CREATE TABLE IF NOT EXISTS backup_sentinel (id int PRIMARY KEY, value text NOT NULL, written_at timestamptz NOT NULL);"
            + "INSERT INTO backup_sentinel VALUES (1, '"
            + value
            + "', now()) "
            + "ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value, written_at = EXCLUDED.written_at");
  }

  public String readSentinel(String database) {
    return psql(database, "SELECT value FROM backup_sentinel WHERE id = 1").strip();
  }

  /**
   * Dumps one database (custom format) and counts its rows in the same snapshot: a session over
   * JDBC exports its snapshot, counts in it, and pg_dump reads that snapshot, so the counts
   * describe exactly the dumped data even while Keycloak writes.
   */
  public Map<String, Long> dump(
      String jdbcUrl, String password, String database, OutputStream out, Runnable onPoll)
      throws SQLException, IOException {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "5");
    try (Connection c = DriverManager.getConnection(jdbcUrl + database, props)) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      String snapshot;
      try (ResultSet r = c.createStatement().executeQuery("SELECT pg_export_snapshot()")) {
        r.next();
        snapshot = r.getString(1);
      }
      Map<String, Long> rows = new TreeMap<>();
      try (ResultSet r = c.createStatement().executeQuery(COUNT_ROWS)) {
        while (r.next()) {
          rows.put(database + "." + r.getString(1), r.getLong(2));
        }
      }
      ExecResult result =
          docker.execStreaming(
              container,
              List.of("pg_dump", "-U", SUPERUSER, "-Fc", "--snapshot=" + snapshot, "-d", database),
              out,
              DUMP_WITHIN,
              onPoll);
      c.rollback();
      if (result.exitCode() != 0) {
        throw new IOException(
            "pg_dump of "
                + database
                + " in "
                + container
                + " exited "
                + result.exitCode()
                + ": "
                + result.stderr().strip());
      }
      return rows;
    }
  }

  /** Roles and tablespaces, without password hashes: for a restore by hand onto a new server. */
  public void dumpGlobals(OutputStream out, Runnable onPoll) throws IOException {
    ExecResult result =
        docker.execStreaming(
            container,
            List.of("pg_dumpall", "-U", SUPERUSER, "--globals-only", "--no-role-passwords"),
            out,
            DUMP_WITHIN,
            onPoll);
    if (result.exitCode() != 0) {
      throw new IOException(
          "pg_dumpall --globals-only in "
              + container
              + " exited "
              + result.exitCode()
              + ": "
              + result.stderr().strip());
    }
  }

  /** Rows per table of a database as it is now (after a restore). */
  public Map<String, Long> countRows(String database) {
    Map<String, Long> rows = new TreeMap<>();
    for (String line : psql(database, COUNT_ROWS).lines().filter(l -> !l.isBlank()).toList()) {
      int bar = line.lastIndexOf('|');
      rows.put(database + "." + line.substring(0, bar), Long.parseLong(line.substring(bar + 1)));
    }
    return rows;
  }

  /**
   * Replaces a database with a dump: drops it (closing its sessions), then lets pg_restore create
   * it again as it was, owner included.
   */
  public void restore(String database, InputStream dump, long size, Path scratch, Runnable onPoll)
      throws IOException {
    try (var tar = new ScratchTar(scratch)) {
      tar.file("dive-ops-restore/" + database + ".dump", dump, size, 0, 0);
      try (InputStream in = tar.stream()) {
        docker.copyInArchive(container, "/tmp", in);
      }
      psql("template1", "DROP DATABASE IF EXISTS " + quoted(database) + " WITH (FORCE)");
      ExecResult result =
          docker.execStreaming(
              container,
              List.of(
                  "pg_restore",
                  "-U",
                  SUPERUSER,
                  "--create",
                  "--exit-on-error",
                  "-d",
                  "template1",
                  SCRATCH + "/" + database + ".dump"),
              OutputStream.nullOutputStream(),
              DUMP_WITHIN,
              onPoll);
      if (result.exitCode() != 0) {
        throw new IOException(
            "pg_restore of "
                + database
                + " into "
                + container
                + " exited "
                + result.exitCode()
                + ": "
                + result.stderr().strip());
      }
    } finally {
      docker.exec(container, List.of("rm", "-rf", SCRATCH), Duration.ofSeconds(30));
    }
  }

  /**
   * An SQL identifier, quoted: the names were checked on read, this is the second line of defence.
   */
  static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Runs SQL as the superuser; unaligned, tuples only, fields split by '|'. */
  public String psql(String database, String sql) {
    ExecResult r =
        docker.exec(
            container,
            List.of(
                "psql",
                "-U",
                SUPERUSER,
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-AtqX",
                "-c",
                sql),
            Duration.ofMinutes(5));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          "psql on " + container + "/" + database + " failed: " + r.stderr().strip());
    }
    return r.stdout();
  }
}
