package io.diveops.activities.backup;

import static io.diveops.activities.backup.GuardedStep.guarded;

import io.diveops.api.FailureType;

import io.diveops.api.backup.BackupStatus;

import io.diveops.api.backup.RetentionReport;

import io.diveops.api.backup.BackupActivities;
import io.diveops.api.backup.BackupManifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.diveops.activities.deploy.ContainerCheckpoints;
import io.diveops.api.deploy.Checkpoint;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.heartbeat.Heartbeating;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.StackLayout;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

public class BackupActivitiesImpl implements BackupActivities {
  /** A staging area this old belongs to a run that died without cleaning up. */
  static final Duration STALE_STAGING = Duration.ofDays(1);

  private final Path registryFile;
  private final EnabledInstances instances;
  private final InstanceDatastores stores;
  private final ReleaseHistory history;
  private final BackupStore store;
  private final RetentionPolicy retention;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public BackupActivitiesImpl(Path registryFile, SecretStore secrets, Path instancesDir, DockerEngines engines,
      BackupStore store, RetentionPolicy retention) {
    this(new EnabledInstances(registryFile), secrets, instancesDir, engines, store, retention);
  }

  public BackupActivitiesImpl(EnabledInstances instances, SecretStore secrets, Path instancesDir, DockerEngines engines,
      BackupStore store, RetentionPolicy retention) {
    this.registryFile = instances.registryFile();
    this.instances = instances;
    this.stores = new InstanceDatastores(secrets, engines);
    this.history = new ReleaseHistory(instancesDir);
    this.store = store;
    this.retention = retention;
  }

  @Override
  public BackupStart prepare(String key, String id) {
    Instance instance = instances.get(key);
    return guarded("prepare", () -> {
      if (store.manifest(key, id).isPresent()) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + id + " of " + key + " already exists in " + store.describe(),
            FailureType.INVALID_BACKUP.type());
      }
      PostgresData postgres = stores.postgres(instance);
      RedisData redis = stores.redis(instance);
      Map<String, String> tools = new TreeMap<>();
      postgres.writeSentinel(InstanceDatastores.SENTINEL_DATABASE, id);
      redis.writeSentinel(id);
      try (var client = InstanceDatastores.mongo(instance)) {
        MongoData mongo = new MongoData(client);
        mongo.writeSentinel(InstanceDatastores.SENTINEL_DATABASE, id);
        tools.put("mongodb", mongo.serverVersion());
      }
      tools.put("postgres", postgres.version());
      tools.put("pg_dump", postgres.dumpVersion());
      tools.put("redis", redis.version());
      tools.put("mongodb-driver", "mongodb-driver-sync " + com.mongodb.internal.build.MongoDriverVersion.VERSION);
      DockerEngine docker = stores.docker(instance);
      for (String service : List.of("postgres", "mongodb", "redis")) {
        docker.inspect(InstanceDatastores.container(instance, service)).ifPresent(c -> tools.put("image:" + service, c.image()));
      }
      return new BackupStart(key, id, Instant.now().toString(), currentRelease(key, instance), tools, id);
    });
  }

  @Override
  public DumpPart dumpPostgres(String key, String id) {
    Instance instance = instances.get(key);
    return guarded("dump PostgreSQL", () -> {
      PostgresData postgres = stores.postgres(instance);
      Runnable beat = InstanceDatastores.heartbeat("pg_dump");
      List<BackupManifest.Artifact> artifacts = new ArrayList<>();
      Map<String, Long> rows = new TreeMap<>();
      String password = stores.postgresPassword(instance);
      for (String database : postgres.databases()) {
        artifacts.add(artifact(key, id, "postgres/" + database + ".dump", "postgres-dump", beat,
            out -> rows.putAll(postgres.dump(InstanceDatastores.jdbcBase(instance), password, database, out, beat))));
        beat.run();
      }
      artifacts.add(artifact(key, id, "postgres/globals.sql", "postgres-globals", beat, out -> postgres.dumpGlobals(out, beat)));
      return new DumpPart(artifacts, rows);
    });
  }

  @Override
  public DumpPart dumpMongo(String key, String id) {
    Instance instance = instances.get(key);
    return guarded("dump the Mongo-wire datastore", () -> {
      Runnable beat = InstanceDatastores.heartbeat("mongodb");
      List<BackupManifest.Artifact> artifacts = new ArrayList<>();
      try (var client = InstanceDatastores.mongo(instance)) {
        Map<String, Long> counts = new MongoData(client).dump(
            (name, kind, body) -> artifacts.add(artifact(key, id, name, kind, beat, body)), beat);
        return new DumpPart(artifacts, counts);
      }
    });
  }

  @Override
  public DumpPart dumpRedis(String key, String id) {
    Instance instance = instances.get(key);
    return guarded("dump Redis", () -> {
      RedisData redis = stores.redis(instance);
      RdbKeyCount.Counts[] held = new RdbKeyCount.Counts[1];
      // The background save can take minutes with nothing to report: heartbeat from a timer meanwhile.
      var artifact = Heartbeating.during("dump Redis", () ->
          artifact(key, id, "redis/dump.rdb", "redis-rdb", () -> { }, out -> held[0] = redis.dump(out)));
      // What the snapshot holds, read from it: DBSIZE before or after the save counts other moments.
      return new DumpPart(List.of(artifact), Map.of(REDIS_KEYS, held[0].keys(), REDIS_PERSISTENT_KEYS, held[0].persistent()));
    });
  }

  @Override
  public DumpPart dumpVolumes(String key, String id) {
    Instance instance = instances.get(key);
    return guarded("archive volumes", () -> {
      DockerEngine docker = stores.docker(instance);
      Runnable beat = InstanceDatastores.heartbeat("volumes");
      Map<String, String[]> volumes = new TreeMap<>();
      for (String service : StackLayout.services(instance)) {
        String container = InstanceDatastores.container(instance, service);
        docker.details(container).ifPresent(d -> d.volumes().forEach((name, path) -> {
          if (!name.startsWith("/")) { // named volumes only; bind mounts belong to the host
            volumes.putIfAbsent(name, new String[] {container, path});
          }
        }));
      }
      List<BackupManifest.Artifact> artifacts = new ArrayList<>();
      for (var volume : volumes.entrySet()) {
        artifacts.add(artifact(key, id, "volumes/" + volume.getKey() + ".tar", "volume-tar", beat,
            out -> docker.copyOutArchive(volume.getValue()[0], volume.getValue()[1], out)));
      }
      return new DumpPart(artifacts, Map.of());
    });
  }

  @Override
  public DumpPart dumpConfig(String key, String id) {
    Instance instance = instances.get(key);
    return guarded("record the configuration", () -> {
      List<BackupManifest.Artifact> artifacts = new ArrayList<>();
      JsonNode entry = json.readTree(registryFile.toFile()).path("instances").path(key);
      artifacts.add(writeArtifact(key, id, "config/registry-instance.json", json.writeValueAsBytes(entry)));
      Path release = history.file(key);
      if (Files.isRegularFile(release)) {
        artifacts.add(writeArtifact(key, id, "config/release.json", Files.readAllBytes(release)));
      }
      DockerEngine docker = stores.docker(instance);
      List<Checkpoint.ContainerCheckpoint> containers = new ArrayList<>();
      for (String service : StackLayout.services(instance)) {
        String name = InstanceDatastores.container(instance, service);
        containers.add(ContainerCheckpoints.of(service, name, docker.details(name)));
      }
      artifacts.add(writeArtifact(key, id, "config/containers.json", json.writeValueAsBytes(containers)));
      return new DumpPart(artifacts, Map.of());
    });
  }

  @Override
  public BackupManifest publish(BackupManifest manifest) {
    return guarded("publish", () -> {
      BackupManifest complete = new BackupManifest(manifest.format(), manifest.instance(), manifest.id(), manifest.createdAt(),
          Instant.now().toString(), manifest.release(), BackupStatus.COMPLETE, manifest.artifacts(), manifest.toolVersions(),
          manifest.counts(), manifest.sentinel(), manifest.stepMs(), null);
      Optional<BackupManifest> existing = store.manifest(manifest.instance(), manifest.id());
      if (existing.isPresent()) {
        return existing.get(); // a retry after the backup became visible
      }
      store.publish(complete);
      return complete;
    });
  }

  @Override
  public void discard(String key, String id) {
    guarded("discard", () -> {
      store.discard(key, id);
      return null;
    });
  }

  @Override
  public RetentionReport applyRetention(String key, boolean dryRun) {
    instances.get(key);
    return guarded("retention", () -> {
      List<RetentionPolicy.Candidate> candidates = new ArrayList<>();
      for (String id : store.list(key)) {
        store.manifest(key, id).ifPresent(m -> candidates.add(
            new RetentionPolicy.Candidate(id, Instant.parse(m.createdAt()), m.status())));
      }
      RetentionReport report = retention.decide(key, candidates, Instant.now(), dryRun);
      if (dryRun) {
        return report;
      }
      for (RetentionReport.Decision doomed : report.deleted()) {
        store.delete(key, doomed.id());
      }
      List<String> swept = store.sweepStaging(key, STALE_STAGING);
      return new RetentionReport(key, false, report.kept(), report.deleted(), swept);
    });
  }

  @Override
  public BackupManifest resolve(String key, String backup) {
    instances.get(key);
    return guarded("find the backup", () -> {
      List<String> ids = store.list(key);
      String id = backup == null || backup.isBlank() || backup.equals("latest")
          ? (ids.isEmpty() ? null : ids.get(ids.size() - 1)) : backup;
      Optional<BackupManifest> manifest = id == null ? Optional.empty() : store.manifest(key, id);
      if (manifest.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("no backup '" + backup + "' of instance " + key + " in " + store.describe()
            + (ids.isEmpty() ? " (it has none)" : " (newest: " + ids.get(ids.size() - 1) + ")"), FailureType.INVALID_BACKUP.type());
      }
      return manifest.get();
    });
  }

  @Override
  public BackupManifest recordVerification(String key, String id, BackupManifest.Verification verification) {
    return guarded("record the verification", () -> {
      BackupManifest manifest = store.manifest(key, id).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
          "backup " + id + " of " + key + " is gone from " + store.describe(), FailureType.INVALID_BACKUP.type()));
      BackupManifest marked = manifest.verified(verification);
      store.updateManifest(marked);
      return marked;
    });
  }

  // ---- internals -------------------------------------------------------------------------------

  private BackupManifest.Artifact writeArtifact(String key, String id, String name, byte[] content) throws Exception {
    return artifact(key, id, name, "config", () -> { }, out -> out.write(content));
  }

  /** Writes one artifact into the staged backup, hashed and counted as it goes. */
  private BackupManifest.Artifact artifact(String key, String id, String name, String kind, Runnable beat, ArtifactBody body)
      throws Exception {
    ArtifactWriter out = ArtifactWriter.open(store, key, id, name, kind).onProgress(beat);
    try (out) {
      body.write(out);
    }
    return out.finish();
  }

  /** The release DIVE Ops recorded for the instance, else what its containers say they run. */
  private String currentRelease(String key, Instance instance) {
    String recorded = history.state(key).current();
    return recorded != null ? recorded : stores.docker(instance).inspect(InstanceDatastores.container(instance, "postgres"))
        .map(c -> c.labels().get(StackLayout.LABEL_RELEASE)).orElse(null);
  }
}
