package io.diveops.activities.health;

import io.diveops.api.FailureType;

import io.diveops.api.health.ServiceHealth;

import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.StackLayout;
import io.diveops.activities.verify.HttpProbe;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks at a service the way an operator would: is its container there and running, does Docker's
 * health check pass, does its HTTP health endpoint answer 200. Reads only; never changes anything.
 */
public class ServiceProbe {

  private final EnabledInstances instances;
  private final DockerEngines engines;
  private final HttpProbe http;
  private final ReleaseHistory history;

  public ServiceProbe(EnabledInstances instances, DockerEngines engines, HttpProbe http, Path instancesDir) {
    this.instances = instances;
    this.engines = engines;
    this.http = http;
    this.history = new ReleaseHistory(instancesDir);
  }

  /** Every service of the instance, in start order. */
  public List<ServiceHealth> probe(String key) {
    Instance instance = instances.get(key);
    DockerEngine docker = engines.forInstance(instance);
    List<ServiceHealth> seen =
        StackLayout.services(instance).stream().map(service -> look(instance, docker, service)).toList();
    return provisioned(key, instance, docker) ? seen : seen.stream().map(ServiceProbe::notProvisioned).toList();
  }

  public ServiceHealth probe(String key, String service) {
    Instance instance = instances.get(key);
    if (!instance.services().containsKey(service)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "instance " + key + " has no service '" + service + "' (known: " + String.join(", ", StackLayout.services(instance)) + ")",
          FailureType.UNKNOWN_INSTANCE.type());
    }
    DockerEngine docker = engines.forInstance(instance);
    ServiceHealth seen = look(instance, docker, service);
    return provisioned(key, instance, docker) ? seen : notProvisioned(seen);
  }

  /**
   * Whether a missing or dead service of the instance is a failure: DIVE Ops recorded the release
   * it brought up (sandbox, deploy), or every container exists (a stack made before records were
   * kept). A first start, with the stack half created, is neither: nothing there is "failed".
   */
  private boolean provisioned(String key, Instance instance, DockerEngine docker) {
    if (history.state(key).current() != null) {
      return true;
    }
    return StackLayout.services(instance).stream()
        .allMatch(service -> docker.inspect(instance.services().get(service).containerName()).isPresent());
  }

  private static ServiceHealth notProvisioned(ServiceHealth seen) {
    return new ServiceHealth(seen.service(), seen.container(), ServiceHealth.NOT_PROVISIONED,
        "instance not provisioned (no release recorded, not every container created); seen: " + seen.detail());
  }

  private ServiceHealth look(Instance instance, DockerEngine docker, String service) {
    String name = instance.services().get(service).containerName();
    Optional<ContainerState> found = docker.inspect(name);
    if (found.isEmpty()) {
      return new ServiceHealth(service, name, ServiceHealth.UNHEALTHY, "no container " + name);
    }
    ContainerState state = found.get();
    if (!state.running()) {
      return new ServiceHealth(service, name, ServiceHealth.UNHEALTHY, state.status() + " (code " + state.exitCode() + ")");
    }
    if ("unhealthy".equals(state.health())) {
      return new ServiceHealth(service, name, ServiceHealth.UNHEALTHY, "Docker health check failing");
    }
    Optional<String> url = InstanceEndpoints.healthUrl(instance, service);
    String answered = url.map(this::httpProblem).orElse(null);
    // A container in its start period (Keycloak needs minutes) is not failing yet: Docker itself
    // declares it unhealthy once the start period is over.
    if ("starting".equals(state.health())) {
      return new ServiceHealth(service, name, ServiceHealth.STARTING, answered == null ? "starting" : "starting; " + answered);
    }
    if (answered != null) {
      return new ServiceHealth(service, name, ServiceHealth.UNHEALTHY, answered);
    }
    return new ServiceHealth(service, name, ServiceHealth.HEALTHY, state.health());
  }

  /** Null when the endpoint answers 200, else what went wrong. */
  private String httpProblem(String url) {
    String path = url.replaceFirst("^https?://[^/]+", "");
    try {
      int status = http.get(url, Map.of()).status();
      return status == 200 ? null : "GET " + path + ": " + status;
    } catch (IOException e) {
      return "GET " + path + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }
}
