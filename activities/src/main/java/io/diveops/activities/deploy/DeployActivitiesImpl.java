package io.diveops.activities.deploy;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.docker.DockerException;
import io.diveops.activities.docker.DockerFailure;
import io.diveops.activities.heartbeat.Heartbeating;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.Release;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.FailureType;
import io.diveops.api.deploy.Checkpoint;
import io.diveops.api.deploy.DeployActivities;
import io.diveops.api.deploy.DeployPlan;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public class DeployActivitiesImpl implements DeployActivities {
  static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private final Path releasesDir;
  private final SecretStore secrets;
  private final Path instancesDir;
  private final EnabledInstances instances;
  private final ServiceContainers containers;
  private final ReleaseHistory history;

  /**
   * @param engines the worker's shared connections: one per Docker host, whichever activity asks
   *     first
   */
  public DeployActivitiesImpl(
      EnabledInstances instances,
      Path releasesDir,
      SecretStore secrets,
      Path instancesDir,
      DockerEngines engines) {
    this.instances = instances;
    this.releasesDir = releasesDir;
    this.secrets = secrets;
    this.instancesDir = instancesDir;
    this.history = new ReleaseHistory(instancesDir);
    this.containers = new ServiceContainers(instances, releasesDir, secrets, engines);
  }

  @Override
  public DeployPlan plan(String key, String version, List<String> services) {
    Instance instance = instances.get(key);
    Release release;
    try {
      release = new ReleaseReader(releasesDir).read(version);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    List<String> wanted =
        services == null || services.isEmpty() ? StackLayout.services(instance) : services;
    for (String service : wanted) {
      if (!StackLayout.services(instance).contains(service)) {
        throw invalid(
            "unknown service '"
                + service
                + "' for instance "
                + key
                + " (known: "
                + String.join(", ", StackLayout.services(instance))
                + ")");
      }
      if (!release.services().containsKey(service)) {
        throw invalid("release " + version + " has no service '" + service + "'");
      }
    }
    DockerEngine docker = docker(instance);
    for (String service : wanted) {
      String image = release.services().get(service).image();
      if (!docker.imageExists(image)) {
        throw invalid(
            "release "
                + version
                + ": image "
                + image
                + " of service '"
                + service
                + "' is not on the Docker host "
                + InstanceEndpoints.host(instance)
                + " and no registry can supply it");
      }
    }
    StackLayout layout = new StackLayout(secrets, instances.registry().defaults());
    List<DeployPlan.ServiceChange> changes = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    String from = null;
    for (String service : StackLayout.services(instance)) {
      if (!wanted.contains(service)) {
        continue;
      }
      ContainerSpec desired = layout.spec(key, instance, service, release);
      Optional<ContainerState> live = docker.inspect(desired.name());
      Map<String, String> liveEnv = live.isPresent() ? docker.env(desired.name()) : Map.of();
      if (from == null && live.isPresent()) {
        from = live.get().labels().get(StackLayout.LABEL_RELEASE);
      }
      Optional<String> reason = ContainerDifference.between(live, liveEnv, desired);
      if (reason.isEmpty()) {
        unchanged.add(service);
      } else {
        changes.add(
            new DeployPlan.ServiceChange(
                service,
                desired.name(),
                live.map(ContainerState::image).orElse(null),
                desired.image(),
                reason.get()));
      }
    }
    return new DeployPlan(key, from, version, changes, unchanged);
  }

  @Override
  public Checkpoint checkpoint(String key, List<String> services, String runId) {
    Instance instance = instances.get(key);
    DockerEngine docker = docker(instance);
    List<Checkpoint.ContainerCheckpoint> containers = new ArrayList<>();
    String release = null;
    for (String service : services) {
      String name = instance.services().get(service).containerName();
      Checkpoint.ContainerCheckpoint container =
          ContainerCheckpoints.of(service, name, docker.details(name));
      release = release == null ? container.releaseLabel() : release;
      containers.add(container);
    }
    Checkpoint checkpoint = new Checkpoint(key, release, Instant.now().toString(), containers);
    write(checkpointFile(key, runId), checkpoint);
    return checkpoint;
  }

  @Override
  public long replaceService(String key, String service, String version, String runId) {
    long start = System.nanoTime();
    Instance instance = instances.get(key);
    ContainerSpec desired = containers.spec(key, instance, service, version);
    DockerEngine docker = docker(instance);
    String kept = keptName(desired.name(), runId);
    try {
      Optional<ContainerState> current = docker.inspect(desired.name());
      boolean previousKept = docker.inspect(kept).isPresent();
      if (!previousKept && current.isPresent()) {
        // First attempt (or a retry that died before the rename): keep the running one aside.
        // The stop may take its whole grace: heartbeat meanwhile, or a second attempt starts beside
        // this one.
        Heartbeating.during(
            service + ": stopping the previous container",
            () -> docker.stop(desired.name(), STOP_GRACE));
        docker.rename(desired.name(), kept);
        current = Optional.empty();
      }
      if (current.isPresent() && !current.get().image().equals(desired.image())) {
        // A retry found a container under the name that is neither the kept nor the desired one.
        docker.remove(desired.name());
        current = Optional.empty();
      }
      if (current.isEmpty()) {
        docker.create(desired);
      }
      containers.startHealthy(docker, desired.name(), service, "starting");
    } catch (DockerException e) {
      throw DockerFailure.of(e);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Override
  public long restoreService(String key, String service, String runId) {
    long start = System.nanoTime();
    Instance instance = instances.get(key);
    String name = instance.services().get(service).containerName();
    String kept = keptName(name, runId);
    DockerEngine docker = docker(instance);
    try {
      if (docker.inspect(kept).isPresent()) {
        docker.remove(name);
        docker.rename(kept, name);
      } else if (readCheckpoint(key, runId).map(c -> c.createdBy(service)).orElse(false)) {
        // The service had no container before this run: putting it back means removing it.
        docker.remove(name);
        return (System.nanoTime() - start) / 1_000_000;
      }
      containers.startHealthy(docker, name, service, "restoring");
    } catch (DockerException e) {
      throw DockerFailure.of(e);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Override
  public void commit(
      String key, List<String> services, String version, String fromRelease, String runId) {
    Instance instance = instances.get(key);
    DockerEngine docker = docker(instance);
    // Recorded first: if the record cannot be written the kept containers are still there for the
    // compensation to swap back; removed first, a failed write would leave nothing to go back to.
    history.deployed(key, version, fromRelease);
    for (String service : services) {
      docker.remove(keptName(instance.services().get(service).containerName(), runId));
    }
  }

  @Override
  public String previousRelease(String key) {
    instances.get(key);
    List<String> releases = history.state(key).history();
    if (releases.size() < 2) {
      throw ApplicationFailure.newNonRetryableFailure(
          "instance "
              + key
              + " has no earlier verified release on record ("
              + history.file(key)
              + "); name the release to roll back to",
          FailureType.INVALID_DEPLOY.type());
    }
    return releases.get(releases.size() - 2);
  }

  @Override
  public List<String> leftovers(String key) {
    Instance instance = instances.get(key);
    DockerEngine docker = docker(instance);
    try {
      return KeptContainers.find(docker, instance).stream()
          .map(k -> k.kept() + " (kept by a run that never finished; " + k.service() + ")")
          .toList();
    } catch (DockerException e) {
      throw DockerFailure.of(e);
    }
  }

  @Override
  public long repairLeftovers(String key) {
    long start = System.nanoTime();
    Instance instance = instances.get(key);
    DockerEngine docker = docker(instance);
    String recorded = history.state(key).current();
    try {
      for (KeptContainers.Kept kept : KeptContainers.find(docker, instance)) {
        Optional<ContainerState> current = docker.inspect(kept.name());
        String running = current.map(c -> c.labels().get(StackLayout.LABEL_RELEASE)).orElse(null);
        if (current.isPresent() && recorded != null && recorded.equals(running)) {
          // The dead run had recorded its release: what it kept is only garbage now.
          docker.remove(kept.kept());
          continue;
        }
        // It never committed: the kept container is the recorded release; put it back.
        docker.remove(kept.name());
        docker.rename(kept.kept(), kept.name());
        containers.startHealthy(
            docker, kept.name(), kept.service(), "restoring what a dead run kept");
      }
    } catch (DockerException e) {
      throw DockerFailure.of(e);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private Optional<Checkpoint> readCheckpoint(String key, String runId) {
    Path file = checkpointFile(key, runId);
    if (!java.nio.file.Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readValue(file.toFile(), Checkpoint.class));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }

  private Path checkpointFile(String key, String runId) {
    return instancesDir.resolve(key).resolve("checkpoints").resolve(runId + ".json");
  }

  // ---- internals -------------------------------------------------------------------------------

  /** The kept previous container's name: per run, so two runs' leftovers never collide. */
  static String keptName(String container, String runId) {
    String id = runId.replaceAll("[^A-Za-z0-9]", "");
    return container + "-prev-" + id.substring(Math.max(0, id.length() - 12));
  }

  private void write(Path file, Object value) {
    ReleaseHistory.write(file, value);
  }

  private DockerEngine docker(Instance instance) {
    return containers.docker(instance);
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureType.INVALID_DEPLOY.type());
  }
}
