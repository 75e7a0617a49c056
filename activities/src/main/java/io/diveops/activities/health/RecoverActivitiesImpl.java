package io.diveops.activities.health;

import io.diveops.activities.deploy.ServiceContainers;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerException;
import io.diveops.activities.docker.DockerFailure;
import io.diveops.activities.heartbeat.Heartbeating;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.FailureType;
import io.diveops.api.health.RecoverActivities;
import io.diveops.api.health.Repair;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

public class RecoverActivitiesImpl implements RecoverActivities {
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final ServiceContainers containers;
  private final ReleaseHistory history;

  public RecoverActivitiesImpl(ServiceContainers containers, Path instancesDir) {
    this.containers = containers;
    this.history = new ReleaseHistory(instancesDir);
  }

  @Override
  public Repair restart(String key, String service) {
    long start = System.nanoTime();
    Target target = target(key, service);
    try {
      if (target.docker().inspect(target.container()).isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no container " + target.container() + " to restart", FailureType.NO_CONTAINER.type());
      }
      // A container may take its whole grace to stop: heartbeat meanwhile (one attempt at a time).
      Heartbeating.during(
          service + ": stopping", () -> target.docker().stop(target.container(), STOP_GRACE));
      containers.startHealthy(target.docker(), target.container(), service, "restarting");
    } catch (DockerException e) {
      throw DockerFailure.of(e);
    }
    return new Repair(millisSince(start), "restarted " + target.container());
  }

  @Override
  public Repair recreate(String key, String service) {
    long start = System.nanoTime();
    Target target = target(key, service);
    Instance instance = target.instance();
    String name = target.container();
    DockerEngine docker = target.docker();
    try {
      String release = currentRelease(key, instance, docker, name);
      ContainerSpec spec = containers.spec(key, instance, service, release);
      Map<String, String> labels = StackLayout.projectLabels(instance);
      docker.ensureNetwork(spec.network(), labels);
      spec.volumes().keySet().forEach(volume -> docker.ensureVolume(volume, labels));
      docker.remove(name); // volumes are kept: only the container goes
      docker.create(spec);
      containers.startHealthy(docker, name, service, "recreating");
      return new Repair(
          millisSince(start),
          "recreated " + name + " from release " + release + " (" + spec.image() + ")");
    } catch (DockerException e) {
      throw DockerFailure.of(e);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureType.NO_RELEASE.type());
    }
  }

  /**
   * The release the service should run: what its container says it runs; without a container, what
   * DIVE Ops last deployed to the instance; without that record, what the other services of the
   * instance run (the sandbox's own start records none).
   */
  String currentRelease(String key, Instance instance, DockerEngine docker, String name) {
    Optional<String> own = docker.inspect(name).map(s -> s.labels().get(StackLayout.LABEL_RELEASE));
    if (own.isPresent()) {
      return own.get();
    }
    String recorded = history.state(key).current();
    if (recorded != null) {
      return recorded;
    }
    return docker
        .findByLabels(Map.of(StackLayout.LABEL_INSTANCE, key, StackLayout.LABEL_MANAGED, "true"))
        .stream()
        .map(ContainerState::labels)
        .map(l -> l.get(StackLayout.LABEL_RELEASE))
        .filter(r -> r != null)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
        .entrySet()
        .stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no release known for instance "
                        + key
                        + ": no container label, no "
                        + history.file(key)));
  }

  /** The service's container on its instance, and the engine that runs it. */
  private record Target(Instance instance, String container, DockerEngine docker) {}

  private Target target(String key, String service) {
    Instance instance = containers.instance(key);
    Instance.ServiceEndpoint endpoint = instance.services().get(service);
    if (endpoint == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "instance " + key + " has no service '" + service + "'",
          FailureType.UNKNOWN_INSTANCE.type());
    }
    return new Target(instance, endpoint.containerName(), containers.docker(instance));
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
