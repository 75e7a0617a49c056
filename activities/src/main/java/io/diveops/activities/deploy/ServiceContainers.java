package io.diveops.activities.deploy;

import io.diveops.api.FailureType;

import io.diveops.api.deploy.DeployActivities;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.docker.DockerException;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.StackLayout;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What every runbook that (re)creates a service container shares: the validated registry, the
 * instance's Docker engine, the container a release gives a service, and starting it until healthy
 * while heartbeating. Deploy and recovery both build containers here, so a recreated container is
 * exactly the one a deploy of the same release would have made.
 */
public class ServiceContainers {
  static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);
  static final Duration KEYCLOAK_HEALTHY_WITHIN = Duration.ofMinutes(6);

  private final EnabledInstances instances;
  private final Path releasesDir;
  private final SecretStore secrets;
  private final DockerEngines engines;

  /** @param instances the registry, judged by the schema every validating path uses */
  public ServiceContainers(EnabledInstances instances, Path releasesDir, SecretStore secrets, DockerEngines engines) {
    this.instances = instances;
    this.releasesDir = releasesDir;
    this.secrets = secrets;
    this.engines = engines;
  }

  /** The registry, validated: nothing changes an instance on an invalid one. */
  public FederationRegistry validRegistry() {
    try {
      return instances.registry();
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** An enabled instance of the valid registry. */
  public Instance instance(String key) {
    return instance(validRegistry(), key);
  }

  public static Instance instance(FederationRegistry registry, String key) {
    try {
      return EnabledInstances.get(registry, key);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  public DockerEngine docker(Instance instance) {
    return engines.forInstance(instance);
  }

  /** The container release {@code version} gives {@code service} (secrets resolved inside). */
  public ContainerSpec spec(String key, Instance instance, String service, String version) {
    return new StackLayout(secrets).spec(key, instance, service, new ReleaseReader(releasesDir).read(version));
  }

  /** Starts the container and waits until Docker calls it healthy, heartbeating as it waits. */
  public void startHealthy(DockerEngine docker, String name, String service, String doing) {
    docker.start(name);
    docker.waitHealthy(name, healthWithin(service), heartbeat(service + ": " + doing));
  }

  public static Duration healthWithin(String service) {
    return service.equals("keycloak") ? KEYCLOAK_HEALTHY_WITHIN : HEALTHY_WITHIN;
  }

  /** Waiting for health takes minutes for Keycloak: heartbeats keep a live attempt alive, and let a dead worker's attempt time out fast. */
  private static Runnable heartbeat(String what) {
    var context = Activity.getExecutionContext();
    return () -> context.heartbeat(what);
  }

  public static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureType.INVALID_DEPLOY.type());
  }

  /** The engine's verdict on retrying becomes Temporal's. */
  public static ApplicationFailure failure(DockerException e) {
    return e.retryable()
        ? ApplicationFailure.newFailure(e.getMessage(), FailureType.DOCKER_UNAVAILABLE.type())
        : ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureType.DOCKER_FAILED.type());
  }
}
