package io.diveops.activities.backup;

import static io.diveops.activities.backup.GuardedStep.guarded;

import io.diveops.api.FailureType;

import io.diveops.api.backup.BackupActivities;

import io.diveops.api.backup.BackupManifest;
import io.diveops.api.backup.RestoreActivities;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.heartbeat.Heartbeating;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.Release;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.StackLayout;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

public class RestoreActivitiesImpl implements RestoreActivities {
  static final String LABEL_RESTORE_TEST = "dive.ops.restore-test";
  /** Epoch milliseconds after which a restore test's containers are no one's: the sweep removes them. */
  static final String LABEL_RESTORE_TEST_UNTIL = "dive.ops.restore-test.until";
  /** The longest a restore test attempt runs: the activity's start-to-close timeout (BackupStubs). */
  static final Duration RESTORE_TEST_LIMIT = Duration.ofHours(2);
  static final List<String> DATASTORES = List.of("postgres", "mongodb", "redis");
  private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(2);
  private static final Duration KEYCLOAK_HEALTHY_WITHIN = Duration.ofMinutes(6);

  private final EnabledInstances instances;
  private final InstanceDatastores stores;
  private final BackupStore store;
  private final BackupRestorer restorer;

  public RestoreActivitiesImpl(Path registryFile, SecretStore secrets, DockerEngines engines, BackupStore store, Path scratch) {
    this(new EnabledInstances(registryFile), secrets, engines, store, scratch);
  }

  public RestoreActivitiesImpl(EnabledInstances instances, SecretStore secrets, DockerEngines engines, BackupStore store,
      Path scratch) {
    this.instances = instances;
    this.stores = new InstanceDatastores(secrets, engines);
    this.store = store;
    this.restorer = new BackupRestorer(store, scratch);
  }

  @Override
  public RestoreCheck checkArtifacts(String key, String id) {
    return guarded("check artifacts", () -> {
      BackupManifest manifest = manifest(key, id);
      List<String> checks = new ArrayList<>();
      for (BackupManifest.Artifact a : manifest.artifacts()) {
        String sha;
        try (InputStream in = store.open(key, id, a.name())) {
          sha = ArtifactWriter.sha256Of(in);
        } catch (java.nio.file.NoSuchFileException e) {
          return failed(checks, "artifact " + a.name() + " is missing");
        }
        if (!sha.equals(a.sha256())) {
          return failed(checks, "artifact " + a.name() + ": sha256 " + sha.substring(0, 12) + "… does not match the manifest's "
              + a.sha256().substring(0, 12) + "…");
        }
      }
      checks.add("checksums: " + manifest.artifacts().size() + " artifacts match the manifest");
      return new RestoreCheck(true, null, checks, 0);
    });
  }

  @Override
  public RestoreCheck restoreTest(String key, String id, String testId) {
    FederationRegistry registry = instances.registry();
    Instance instance = instances.get(registry, key);
    return guarded("restore test", () -> {
      BackupManifest backup = manifest(key, id);
      DockerEngine docker = stores.docker(instance);
      Runnable beat = InstanceDatastores.heartbeat("restore test " + testId);
      String host = InstanceEndpoints.host(instance);
      Map<String, ContainerSpec> specs = throwawaySpecs(key, instance, docker, testId);
      remove(docker, testId); // a retried attempt starts from nothing
      docker.ensureNetwork(network(testId), labels(key, testId));
      for (ContainerSpec spec : specs.values()) {
        docker.ensureVolume(spec.volumes().keySet().iterator().next(), labels(key, testId));
        docker.create(spec);
        docker.start(spec.name());
      }
      for (ContainerSpec spec : specs.values()) {
        docker.waitHealthy(spec.name(), HEALTHY_WITHIN, beat);
      }
      List<String> checks = new ArrayList<>();
      long start = System.nanoTime();
      PostgresData postgres = new PostgresData(docker, specs.get("postgres").name());
      RedisData redis = new RedisData(docker, specs.get("redis").name());
      restorer.postgres(postgres, backup, beat);
      try (var client = MongoClients.create(throwawayMongo(host, specs.get("mongodb").ports().get(0).hostPort()))) {
        MongoData mongo = new MongoData(client);
        restorer.mongo(mongo, backup, beat);
        Heartbeating.during("restore test " + testId + ": Redis", () -> {
          restorer.redis(redis, backup);
          return null;
        });
        docker.waitHealthy(specs.get("redis").name(), HEALTHY_WITHIN, beat);
        long rto = (System.nanoTime() - start) / 1_000_000;
        checks.add("restored PostgreSQL, Mongo-wire and Redis in " + rto + " ms");

        Map<String, Long> rows = new TreeMap<>();
        for (String database : postgres.databases()) {
          rows.putAll(postgres.countRows(database));
        }
        String mismatch = firstMismatch("rows of", backup.counts().tableRows(), rows);
        if (mismatch == null) {
          mismatch = firstMismatch("documents of", backup.counts().documents(), mongo.countDocuments());
        }
        if (mismatch == null) {
          mismatch = RdbKeyCount.mismatch(backup.counts(), redis.keyspace());
        }
        if (mismatch != null) {
          return failed(checks, mismatch, rto);
        }
        checks.add("counts: " + rows.size() + " tables, " + backup.counts().documents().size() + " collections and "
            + backup.counts().redisKeys() + " Redis keys equal the recorded counts");

        Map<String, String> sentinels = new LinkedHashMap<>();
        sentinels.put("PostgreSQL", postgres.readSentinel(InstanceDatastores.SENTINEL_DATABASE));
        sentinels.put("Mongo-wire", mongo.readSentinel(InstanceDatastores.SENTINEL_DATABASE));
        sentinels.put("Redis", redis.readSentinel());
        for (var s : sentinels.entrySet()) {
          if (!backup.sentinel().equals(s.getValue())) {
            return failed(checks, "sentinel in " + s.getKey() + ": found '" + s.getValue() + "', expected '" + backup.sentinel() + "'", rto);
          }
        }
        checks.add("sentinel " + backup.sentinel() + " present in PostgreSQL, Mongo-wire and Redis");

        String realm = registry.defaults().realm();
        String database = StackLayout.keycloakDatabase(instance);
        String users = postgres.psql(database, "SELECT count(*) FROM user_entity u JOIN realm r ON u.realm_id = r.id "
            + "WHERE r.name = '" + realm.replace("'", "''") + "'").strip();
        if (users.isEmpty() || Long.parseLong(users) == 0) {
          return failed(checks, "Keycloak: realm '" + realm + "' has no users in the restored database " + database, rto);
        }
        checks.add("Keycloak: realm '" + realm + "' restored with " + users + " users");
        return new RestoreCheck(true, null, checks, rto);
      }
    });
  }

  @Override
  public void removeRestoreTest(String key, String testId) {
    Instance instance = instances.get(key);
    guarded("remove the restore test", () -> {
      remove(stores.docker(instance), testId);
      return null;
    });
  }

  @Override
  public List<String> sweepRestoreTests(String key) {
    Instance instance = instances.get(key);
    return guarded("sweep earlier restore tests", () -> {
      DockerEngine docker = stores.docker(instance);
      // An empty value filters on the label being there, whatever the test id (docker-java).
      Map<String, String> filter = Map.of(StackLayout.LABEL_INSTANCE, key, LABEL_RESTORE_TEST, "");
      Set<String> stale = new TreeSet<>();
      long now = System.currentTimeMillis();
      for (ContainerState container : docker.findByLabels(filter)) {
        if (outlived(container.labels(), now)) {
          stale.add(container.labels().get(LABEL_RESTORE_TEST));
        }
      }
      for (String testId : stale) {
        remove(docker, testId);
      }
      return List.copyOf(stale);
    });
  }

  /** Past its limit, or made before tests carried one (no such test still runs). */
  static boolean outlived(Map<String, String> labels, long now) {
    String until = labels.get(LABEL_RESTORE_TEST_UNTIL);
    try {
      return until == null || Long.parseLong(until) < now;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static void remove(DockerEngine docker, String testId) {
    for (var container : docker.findByLabels(Map.of(LABEL_RESTORE_TEST, testId))) {
      docker.remove(container.name());
    }
    for (String service : DATASTORES) {
      docker.removeVolume(name(testId, service));
    }
    docker.removeNetwork(network(testId));
  }

  @Override
  public long restoreLive(String key, String id, String datastore) {
    Instance instance = instances.get(key);
    return guarded("restore " + datastore, () -> {
      BackupManifest backup = manifest(key, id);
      DockerEngine docker = stores.docker(instance);
      Runnable beat = InstanceDatastores.heartbeat("restore " + datastore);
      long start = System.nanoTime();
      switch (datastore) {
        case "postgres" -> {
          // Keycloak holds connections and caches: it must not see the database being replaced.
          String keycloak = InstanceDatastores.container(instance, "keycloak");
          Heartbeating.during("restore: stopping Keycloak", () -> docker.stop(keycloak, Duration.ofSeconds(30)));
          restorer.postgres(stores.postgres(instance), backup, beat);
          docker.start(keycloak);
          docker.waitHealthy(keycloak, KEYCLOAK_HEALTHY_WITHIN, beat);
        }
        case "mongodb" -> {
          try (var client = InstanceDatastores.mongo(instance)) {
            restorer.mongo(new MongoData(client), backup, beat);
          }
        }
        case "redis" -> {
          Heartbeating.during("restore Redis", () -> {
            restorer.redis(stores.redis(instance), backup);
            return null;
          });
          docker.waitHealthy(InstanceDatastores.container(instance, "redis"), HEALTHY_WITHIN, beat);
        }
        default -> throw new IllegalArgumentException("unknown datastore '" + datastore + "' (known: " + DATASTORES + ")");
      }
      return (System.nanoTime() - start) / 1_000_000;
    });
  }

  // ---- internals -------------------------------------------------------------------------------

  private BackupManifest manifest(String key, String id) throws IOException {
    return store.manifest(key, id).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no backup '" + id + "' of instance " + key + " in " + store.describe(), FailureType.INVALID_BACKUP.type()));
  }

  /**
   * The instance's own datastore specs (same images, same health checks), renamed, on a network
   * of their own, with fresh volumes, throwaway passwords and free loopback ports.
   */
  private Map<String, ContainerSpec> throwawaySpecs(String key, Instance instance, DockerEngine docker, String testId)
      throws IOException {
    Map<String, Release.ServiceRelease> images = new LinkedHashMap<>();
    for (String service : DATASTORES) {
      String live = InstanceDatastores.container(instance, service);
      String image = docker.inspect(live).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
          "the live container " + live + " is missing: its image is the one to restore into", FailureType.RESTORE_FAILED.type())).image();
      images.put(service, new Release.ServiceRelease(image, Map.of()));
    }
    StackLayout layout = new StackLayout(new ThrowawaySecrets());
    Release release = new Release("restore-test", images);
    Map<String, ContainerSpec> specs = new LinkedHashMap<>();
    for (String service : DATASTORES) {
      ContainerSpec live = layout.spec(key, instance, service, release);
      String mountPath = live.volumes().values().iterator().next();
      specs.put(service, new ContainerSpec(name(testId, service), live.image(), live.env(), labels(key, testId),
          List.of(ContainerSpec.PortMapping.loopback(freePort(), instance.services().get(service).internalPort())),
          network(testId), List.of(service), Map.of(name(testId, service), mountPath), live.command(), live.health()));
    }
    return specs;
  }

  private static MongoClientSettings throwawayMongo(String host, int port) {
    return MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString("mongodb://" + host + ":" + port + "/"))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
        .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS).readTimeout(2, TimeUnit.MINUTES))
        .build();
  }

  private static String firstMismatch(String what, Map<String, Long> recorded, Map<String, Long> restored) {
    for (var entry : recorded.entrySet()) {
      Long now = restored.get(entry.getKey());
      if (!entry.getValue().equals(now)) {
        return what + " " + entry.getKey() + ": " + (now == null ? "missing" : now + "") + " restored, " + entry.getValue() + " recorded";
      }
    }
    return null;
  }

  private static RestoreCheck failed(List<String> checks, String failure) {
    return failed(checks, failure, 0);
  }

  private static RestoreCheck failed(List<String> checks, String failure, long rto) {
    List<String> all = new ArrayList<>(checks);
    all.add("FAILED: " + failure);
    return new RestoreCheck(false, failure, all, rto);
  }

  static String name(String testId, String service) {
    return "dive-ops-restoretest-" + testId + "-" + service;
  }

  static String network(String testId) {
    return "dive-ops-restoretest-" + testId;
  }

  /** Each attempt labels what it makes with its deadline, so a later sweep knows when it is abandoned. */
  private static Map<String, String> labels(String key, String testId) {
    return Map.of(StackLayout.LABEL_MANAGED, "true", StackLayout.LABEL_INSTANCE, key, LABEL_RESTORE_TEST, testId,
        LABEL_RESTORE_TEST_UNTIL, Long.toString(System.currentTimeMillis() + RESTORE_TEST_LIMIT.toMillis()));
  }

  /** Asks the kernel for a free loopback port; the container binds it right after. */
  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Fresh random credentials for throwaway datastores: they hold copies of real data only minutes. */
  private static final class ThrowawaySecrets implements SecretStore {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> values = new TreeMap<>();

    @Override
    public String resolve(String name) {
      return values.computeIfAbsent(name, n -> {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
      });
    }

    @Override
    public String ensure(String name) {
      return resolve(name);
    }
  }
}
