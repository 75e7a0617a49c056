package io.diveops.activities.backup;

import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngine.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Redis through {@code redis-cli} in its container (which has the password in its environment). The
 * server keeps an append-only file for durability; backups are RDB snapshots, which restore
 * anywhere.
 */
public final class RedisData {
  static final String SENTINEL_KEY = "dive-ops:backup-sentinel";
  private static final String SNAPSHOT = "/data/dump.rdb";
  private static final Duration SAVE_WITHIN = Duration.ofMinutes(10);
  private static final String AOF_DIR = "appendonlydir";
  private static final String BASE = "appendonly.aof.1.base.rdb";
  private static final String INCR = "appendonly.aof.1.incr.aof";

  private final DockerEngine docker;
  private final String container;

  public RedisData(DockerEngine docker, String container) {
    this.docker = docker;
    this.container = container;
  }

  public long keys() {
    return Long.parseLong(cli("DBSIZE").strip());
  }

  public String version() {
    return exec(List.of("redis-server", "--version")).strip();
  }

  public void writeSentinel(String value) {
    cli("SET", SENTINEL_KEY, value);
  }

  public String readSentinel() {
    return cli("GET", SENTINEL_KEY).strip();
  }

  /**
   * Streams an RDB snapshot of the live server into {@code out}: a background save (forked, clients
   * keep being served), waited for, then its file. ({@code redis-cli --rdb} would wait out the
   * server's diskless-replication delay, 5 s by default, on every backup.)
   */
  public RdbKeyCount.Counts dump(OutputStream out) throws IOException {
    long before = persistence("rdb_saves");
    cli("BGSAVE", "SCHEDULE");
    Instant until = Instant.now().plus(SAVE_WITHIN);
    while (persistence("rdb_saves") <= before || persistence("rdb_bgsave_in_progress") != 0) {
      if (Instant.now().isAfter(until)) {
        throw new IOException(
            "Redis in " + container + " did not finish its background save within " + SAVE_WITHIN);
      }
      pause();
    }
    String status = info("rdb_last_bgsave_status");
    if (!"ok".equals(status)) {
      throw new IOException(
          "Redis in " + container + " reports its background save " + status + " (disk full?)");
    }
    var snapshot = new RdbKeyCount.Tee(out);
    docker.copyOutFile(container, SNAPSHOT, snapshot);
    snapshot.flush();
    return snapshot.counts("the snapshot of " + container);
  }

  /** Keys of database 0 and how many of them have a TTL, as the server holds them now. */
  public RdbKeyCount.Counts keyspace() {
    return cli("INFO", "keyspace")
        .lines()
        .filter(l -> l.startsWith("db0:"))
        .findFirst()
        .map(RedisData::keyspaceLine)
        .orElse(new RdbKeyCount.Counts(0, 0));
  }

  /** {@code db0:keys=5,expires=1,avg_ttl=0,subexpiry=0} */
  static RdbKeyCount.Counts keyspaceLine(String line) {
    long keys = 0;
    long expires = 0;
    for (String field : line.strip().substring("db0:".length()).split(",")) {
      String[] kv = field.split("=", 2);
      switch (kv[0]) {
        case "keys" -> keys = Long.parseLong(kv[1]);
        case "expires" -> expires = Long.parseLong(kv[1]);
        default -> {}
      }
    }
    return new RdbKeyCount.Counts(keys, expires);
  }

  private long persistence(String field) {
    return Long.parseLong(info(field));
  }

  private String info(String field) {
    return cli("INFO", "persistence")
        .lines()
        .filter(l -> l.startsWith(field + ":"))
        .map(l -> l.substring(field.length() + 1).strip())
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("Redis in " + container + " reports no " + field));
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Replaces the dataset with an RDB. The server runs with an append-only file, which it prefers to
   * any RDB on start; so the RDB becomes the base of a fresh append-only directory (the layout
   * Redis 7 itself writes), appending is switched off so nothing writes the old directory, the new
   * one takes its place, and the container restarts. The caller waits for it to be healthy.
   */
  public void restore(InputStream rdb, long size, Path scratch) throws IOException {
    String[] owner = exec(List.of("stat", "-c", "%u %g", "/data")).strip().split(" ");
    int uid = Integer.parseInt(owner[0]);
    int gid = Integer.parseInt(owner[1]);
    String staged = AOF_DIR + ".restore";
    byte[] manifest =
        ("file " + BASE + " seq 1 type b\nfile " + INCR + " seq 1 type i\n")
            .getBytes(StandardCharsets.US_ASCII);
    exec(List.of("rm", "-rf", "/data/" + staged));
    try (var tar = new ScratchTar(scratch)) {
      tar.dir(staged, uid, gid)
          .file(staged + "/" + BASE, rdb, size, uid, gid)
          .file(staged + "/" + INCR, new byte[0], uid, gid)
          .file(staged + "/appendonly.aof.manifest", manifest, uid, gid);
      try (InputStream in = tar.stream()) {
        docker.copyInArchive(container, "/data", in);
      }
    }
    cli("CONFIG", "SET", "appendonly", "no");
    exec(
        List.of(
            "sh",
            "-c",
            "rm -rf /data/" + AOF_DIR + " && mv /data/" + staged + " /data/" + AOF_DIR));
    docker.stop(container, Duration.ofSeconds(20));
    docker.start(container);
  }

  private String cli(String... args) {
    var command = new java.util.ArrayList<String>();
    command.add("redis-cli");
    command.addAll(List.of(args));
    return exec(command);
  }

  private String exec(List<String> command) {
    ExecResult r = docker.exec(container, command, Duration.ofMinutes(5));
    if (r.exitCode() != 0 || r.stdout().startsWith("ERR") || r.stdout().startsWith("NOAUTH")) {
      throw new IllegalStateException(
          String.join(" ", command.subList(0, Math.min(2, command.size())))
              + " in "
              + container
              + " failed: "
              + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip());
    }
    return r.stdout();
  }
}
