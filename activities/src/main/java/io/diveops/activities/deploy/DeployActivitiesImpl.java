package io.diveops.activities.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerException;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.Release;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.StackLayout;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public class DeployActivitiesImpl implements DeployActivities {
  private final Path releasesDir;
  private final SecretStore secrets;
  private final Path instancesDir;
  private final ServiceContainers containers;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public DeployActivitiesImpl(Path registryFile, Path releasesDir, SecretStore secrets, Path instancesDir, Path dockerCertRoot) {
    this.releasesDir = releasesDir;
    this.secrets = secrets;
    this.instancesDir = instancesDir;
    this.containers = new ServiceContainers(registryFile, releasesDir, secrets, new DockerEngines(dockerCertRoot));
  }

  @Override
  public DeployPlan plan(String key, String version, List<String> services) {
    FederationRegistry registry = validRegistry();
    Instance instance = instance(registry, key);
    Release release;
    try {
      release = new ReleaseReader(releasesDir).read(version);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    List<String> wanted = services == null || services.isEmpty() ? StackLayout.services(instance) : services;
    for (String service : wanted) {
      if (!StackLayout.services(instance).contains(service)) {
        throw invalid("unknown service '" + service + "' for instance " + key + " (known: "
            + String.join(", ", StackLayout.services(instance)) + ")");
      }
      if (!release.services().containsKey(service)) {
        throw invalid("release " + version + " has no service '" + service + "'");
      }
    }
    DockerEngine docker = docker(instance);
    for (String service : wanted) {
      String image = release.services().get(service).image();
      if (!docker.imageExists(image)) {
        throw invalid("release " + version + ": image " + image + " of service '" + service
            + "' is not on the Docker host " + InstanceEndpoints.host(instance) + " and no registry can supply it");
      }
    }
    StackLayout layout = new StackLayout(secrets);
    List<DeployPlan.ServiceChange> changes = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    String from = null;
    for (String service : StackLayout.services(instance)) {
      if (!wanted.contains(service)) {
        continue;
      }
      ContainerSpec desired = layout.spec(key, instance, service, release);
      Optional<ContainerState> live = docker.inspect(desired.name());
      Optional<Map<String, String>> liveEnv = live.map(s -> docker.env(desired.name()));
      if (from == null && live.isPresent()) {
        from = live.get().labels().get(StackLayout.LABEL_RELEASE);
      }
      String reason = difference(live, liveEnv, desired);
      if (reason == null) {
        unchanged.add(service);
      } else {
        changes.add(new DeployPlan.ServiceChange(service, desired.name(),
            live.map(ContainerState::image).orElse(null), desired.image(), reason));
      }
    }
    return new DeployPlan(key, from, version, changes, unchanged);
  }

  /** Why a live container differs from the desired spec, or null when it does not. */
  private static String difference(Optional<ContainerState> live, Optional<Map<String, String>> liveEnv, ContainerSpec desired) {
    if (live.isEmpty()) {
      return "no container: create";
    }
    if (!live.get().image().equals(desired.image())) {
      return "image " + live.get().image() + " -> " + desired.image();
    }
    List<String> changedKeys = new ArrayList<>();
    Map<String, String> current = liveEnv.orElse(Map.of());
    desired.env().forEach((k, v) -> {
      if (!v.equals(current.get(k))) {
        changedKeys.add(k);
      }
    });
    if (!changedKeys.isEmpty()) {
      return "environment: " + String.join(", ", changedKeys.stream().sorted().toList());
    }
    if (!live.get().running()) {
      return "not running: recreate";
    }
    return null;
  }

  @Override
  public Checkpoint checkpoint(String key, List<String> services, String runId) {
    Instance instance = instance(validRegistry(), key);
    DockerEngine docker = docker(instance);
    List<Checkpoint.ContainerCheckpoint> containers = new ArrayList<>();
    String release = null;
    for (String service : services) {
      String name = instance.services().get(service).containerName();
      Checkpoint.ContainerCheckpoint container = Checkpoint.ContainerCheckpoint.of(service, name, docker.details(name));
      release = release == null ? container.releaseLabel() : release;
      containers.add(container);
    }
    Checkpoint checkpoint = new Checkpoint(key, release, Instant.now().toString(), containers);
    write(instancesDir.resolve(key).resolve("checkpoints").resolve(runId + ".json"), checkpoint);
    return checkpoint;
  }

  @Override
  public long replaceService(String key, String service, String version, String runId) {
    long start = System.nanoTime();
    Instance instance = containers.instance(key);
    ContainerSpec desired = containers.spec(key, instance, service, version);
    DockerEngine docker = docker(instance);
    String kept = keptName(desired.name(), runId);
    try {
      Optional<ContainerState> current = docker.inspect(desired.name());
      boolean previousKept = docker.inspect(kept).isPresent();
      if (!previousKept && current.isPresent()) {
        // First attempt (or a retry that died before the rename): keep the running one aside.
        docker.stop(desired.name(), Duration.ofSeconds(20));
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
      throw failure(e);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Override
  public long restoreService(String key, String service, String runId) {
    long start = System.nanoTime();
    Instance instance = instance(validRegistry(), key);
    String name = instance.services().get(service).containerName();
    String kept = keptName(name, runId);
    DockerEngine docker = docker(instance);
    try {
      if (docker.inspect(kept).isPresent()) {
        docker.remove(name);
        docker.rename(kept, name);
      }
      containers.startHealthy(docker, name, service, "restoring");
    } catch (DockerException e) {
      throw failure(e);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Override
  public void commit(String key, List<String> services, String version, String fromRelease, String runId) {
    Instance instance = instance(validRegistry(), key);
    DockerEngine docker = docker(instance);
    for (String service : services) {
      docker.remove(keptName(instance.services().get(service).containerName(), runId));
    }
    InstanceState state = readState(key);
    List<String> history = new ArrayList<>(state.history());
    // The first deploy DIVE Ops records: the release it replaced was serving before it.
    if (history.isEmpty() && fromRelease != null && !fromRelease.equals(version)) {
      history.add(fromRelease);
    }
    if (history.isEmpty() || !history.get(history.size() - 1).equals(version)) {
      history.add(version);
    }
    write(stateFile(key), new InstanceState(version, history));
  }

  @Override
  public String previousRelease(String key) {
    instance(validRegistry(), key);
    List<String> history = readState(key).history();
    if (history.size() < 2) {
      throw ApplicationFailure.newNonRetryableFailure("instance " + key + " has no earlier verified release on record ("
          + stateFile(key) + "); name the release to roll back to", INVALID_DEPLOY);
    }
    return history.get(history.size() - 2);
  }

  /**
   * The release history of an instance: every release that deployed and verified, oldest first.
   *
   * @param current the release the instance runs, as far as DIVE Ops deployed it
   */
  public record InstanceState(String current, List<String> history) {
    public InstanceState {
      history = history == null ? List.of() : List.copyOf(history);
    }
  }

  // ---- internals -------------------------------------------------------------------------------

  /** The kept previous container's name: per run, so two runs' leftovers never collide. */
  static String keptName(String container, String runId) {
    String id = runId.replaceAll("[^A-Za-z0-9]", "");
    return container + "-prev-" + id.substring(Math.max(0, id.length() - 12));
  }

  private InstanceState readState(String key) {
    return stateOf(instancesDir, key);
  }

  /** The release history DIVE Ops recorded for an instance; empty when it never deployed one. */
  public static InstanceState stateOf(Path instancesDir, String key) {
    Path file = stateFile(instancesDir, key);
    if (!Files.exists(file)) {
      return new InstanceState(null, List.of());
    }
    try {
      return new ObjectMapper().readValue(file.toFile(), InstanceState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private Path stateFile(String key) {
    return stateFile(instancesDir, key);
  }

  /** Where an instance's release record is. */
  public static Path stateFile(Path instancesDir, String key) {
    return instancesDir.resolve(key).resolve("release.json");
  }

  /** Written whole to a temporary name, then moved: a crash never leaves half a file. */
  private void write(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, json.writeValueAsString(value), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private FederationRegistry validRegistry() {
    return containers.validRegistry();
  }

  private static Instance instance(FederationRegistry registry, String key) {
    return ServiceContainers.instance(registry, key);
  }

  private DockerEngine docker(Instance instance) {
    return containers.docker(instance);
  }

  private static ApplicationFailure invalid(String message) {
    return ServiceContainers.invalid(message);
  }

  private static ApplicationFailure failure(DockerException e) {
    return ServiceContainers.failure(e);
  }
}
