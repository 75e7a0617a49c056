package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.activities.backup.LocalBackupStore;
import io.diveops.activities.deploy.ServiceContainers;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.docker.DockerHost;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.StackLayout;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.worker.ActivityConfiguration;
import io.diveops.worker.DiveOpsProperties;
import io.diveops.worker.RunbookWorker;
import io.diveops.worker.Settings;
import io.diveops.worker.cli.SandboxCommand;
import io.diveops.workflows.ActivityPolicies;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The sandbox as the deploy tests use it: up, with the shipped releases plus broken ones made from
 * 1.1.0 in a scratch folder, and small probes of what is running.
 */
final class DeployFixture {
  static final Path ROOT =
      Path.of(System.getProperty("dive.root", "..")).toAbsolutePath().normalize();
  static final Path REGISTRY = ROOT.resolve("config/federation-registry.json");

  /** This machine's settings, bound as the worker and `./dive-ops sandbox` bind them. */
  static final DiveOpsProperties MACHINE = Settings.fromEnvironment().diveOps();

  /**
   * The machine's secret store, never a fresh one (whose new passwords a deploy would push): the
   * one the worker uses, whether or not ./dive-ops exported it.
   */
  static final Path SECRETS = MACHINE.secretsDir();

  /**
   * The machine's release records, likewise: where `./dive-ops sandbox up` records what it brought
   * up.
   */
  static final Path MACHINE_INSTANCES = MACHINE.instancesDir();

  static final ObjectMapper JSON = new ObjectMapper();

  final Path releases;
  final Path instances;
  final LocalBackupStore backups;
  final FederationRegistry registry;
  final DockerEngine docker = DockerEngine.connect(DockerHost.local());
  final HttpProbe http = new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5));

  DeployFixture(Path work) {
    this(work, work.resolve("backups"));
  }

  /** With the backup store somewhere else (a small file system, to fill it up). */
  DeployFixture(Path work, Path backupStore) {
    try {
      instances = Files.createDirectories(work.resolve("instances"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(sandbox(instances).run("up")).isZero();
    registry = new RegistryReader().read(REGISTRY).model().orElseThrow();
    try {
      releases = Files.createDirectories(work.resolve("releases"));
      backups = new LocalBackupStore(Files.createDirectories(backupStore));
      for (String version : List.of("1.0.0", "1.1.0")) {
        Files.copy(
            ROOT.resolve("releases/" + version + ".json"), releases.resolve(version + ".json"));
      }
      brokenRelease("1.1.0-unhealthy", "1.1.0", "backend", Map.of("DIVE_FAULT", "unhealthy"), null);
      brokenRelease("1.1.0-crash", "1.1.0", "backend", Map.of("DIVE_FAULT", "crash"), null);
      brokenRelease("1.1.0-noimage", "1.1.0", "backend", Map.of(), "dive-ops/app:9.9.9");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A worker in this JVM serving every runbook against the sandbox, with these releases. */
  WorkerFactory inProcessWorker(WorkflowClient client, String taskQueue, Path work) {
    return inProcessWorker(client, taskQueue, work, "");
  }

  /**
   * As above, posting alerts to {@code webhook}, and serving any extra (test) workflow types. The
   * activities and the worker come from the product's own Spring configuration
   * (ActivityConfiguration, RunbookWorker), bound from this fixture's settings as the product binds
   * its environment: the tests run the wiring they ship.
   */
  WorkerFactory inProcessWorker(
      WorkflowClient client, String taskQueue, Path work, String webhook, Class<?>... extra) {
    return inProcessWorker(
        client, taskQueue, work, Map.of("DIVE_OPS_ALERT_WEBHOOK", webhook), extra);
  }

  /** As above, with settings of this fixture's worker environment replaced or added. */
  WorkerFactory inProcessWorker(
      WorkflowClient client,
      String taskQueue,
      Path work,
      Map<String, String> settings,
      Class<?>... extra) {
    Map<String, String> env = new HashMap<>(workerEnv());
    env.put("DIVE_OPS_TASK_QUEUE", taskQueue);
    env.put("DIVE_OPS_DOCKER_CERT_ROOT", work.resolve("certs").toString());
    env.put("DIVE_OPS_ALERT_WEBHOOK", "");
    env.putAll(settings);
    DiveOpsProperties properties = Settings.of(env).diveOps();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(taskQueue);
    if (extra.length > 0) {
      worker.registerWorkflowImplementationTypes(ActivityPolicies.options(), extra);
    }
    var context = new AnnotationConfigApplicationContext();
    context.registerBean(DiveOpsProperties.class, () -> properties);
    context.registerBean(WorkflowClient.class, () -> client);
    context.registerBean(WorkerFactory.class, () -> factory);
    context.register(ActivityConfiguration.class, RunbookWorker.class);
    context.refresh(); // RunbookWorker registers the catalog and the activities, and starts the
    // factory
    return factory;
  }

  /** Builds containers the way the runbooks do, from this fixture's releases. */
  ServiceContainers containers() {
    return new ServiceContainers(
        new EnabledInstances(REGISTRY),
        releases,
        new FileSecretStore(SECRETS),
        new DockerEngines(ROOT.resolve(".state/docker-certs")));
  }

  /**
   * `./dive-ops sandbox` on this repository's registry and releases, recording into {@code
   * instances}.
   */
  static SandboxCommand sandbox(Path instances) {
    return new SandboxCommand(
        System.out,
        System.err,
        Settings.of(
                Map.of(
                    "DIVE_OPS_REGISTRY",
                    REGISTRY.toString(),
                    "DIVE_OPS_RELEASES_DIR",
                    ROOT.resolve("releases").toString(),
                    "DIVE_OPS_SECRETS_DIR",
                    SECRETS.toString(),
                    "DIVE_OPS_INSTANCES_DIR",
                    instances.toString()))
            .diveOps());
  }

  /** The environment a worker process needs to deploy on the sandbox with these releases. */
  Map<String, String> workerEnv() {
    return Map.of(
        "DIVE_OPS_REGISTRY",
        REGISTRY.toString(),
        "DIVE_OPS_RELEASES_DIR",
        releases.toString(),
        "DIVE_OPS_SECRETS_DIR",
        SECRETS.toString(),
        "DIVE_OPS_INSTANCES_DIR",
        instances.toString(),
        "DIVE_OPS_OPA_FIXTURES",
        ROOT.resolve("sandbox/opa/fixtures.json").toString(),
        "DIVE_OPS_BACKUPS_DIR",
        backups.root().toString(),
        "DIVE_OPS_BACKUPS_SCHEDULES",
        "false");
  }

  /**
   * A release file in this fixture's folder: {@code from} with {@code env} added to one service
   * (and its image).
   */
  void brokenRelease(
      String version, String from, String service, Map<String, String> env, String image) {
    try {
      ObjectNode release =
          (ObjectNode) JSON.readTree(ROOT.resolve("releases/" + from + ".json").toFile());
      release.put("version", version);
      ObjectNode target = (ObjectNode) release.path("services").path(service);
      env.forEach(target.with("env")::put);
      if (image != null) {
        target.put("image", image);
      }
      Files.writeString(releases.resolve(version + ".json"), JSON.writeValueAsString(release));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keycloak's admin API of an instance, as the runbooks open it. */
  org.keycloak.admin.client.Keycloak admin(String key) {
    Instance instance = registry.instance(key).orElseThrow();
    return io.diveops.activities.keycloak.FederationSetup.admin(
        InstanceEndpoints.url(instance, "keycloak", ""),
        io.diveops.activities.stack.InstanceStack.adminUser(instance),
        new FileSecretStore(SECRETS)
            .resolve(io.diveops.activities.registry.SecretNames.of(instance, "keycloakAdmin")));
  }

  String container(String instance, String service) {
    return registry.instance(instance).orElseThrow().services().get(service).containerName();
  }

  String releaseOf(String instance, String service) {
    return docker
        .inspect(container(instance, service))
        .orElseThrow()
        .labels()
        .get(StackLayout.LABEL_RELEASE);
  }

  /** The version the service itself reports on /version. */
  String version(String instance, String service) {
    try {
      var response =
          http.get(
              InstanceEndpoints.url(registry.instance(instance).orElseThrow(), service, "/version"),
              Map.of());
      return JSON.readTree(response.body()).path("version").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kept previous containers still around: a finished deploy leaves none. */
  List<String> leftovers(String instance) {
    return containersOf(instance).stream().filter(n -> n.contains("-prev-")).toList();
  }

  /** Every container of the instance, by name: one per service when nothing is left over. */
  List<String> containersOf(String instance) {
    return docker.findByLabels(Map.of(StackLayout.LABEL_INSTANCE, instance)).stream()
        .map(ContainerState::name)
        .sorted()
        .toList();
  }
}
