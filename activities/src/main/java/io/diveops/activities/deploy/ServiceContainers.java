package io.diveops.activities.deploy;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.StackLayout;
import io.temporal.activity.Activity;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What every runbook that (re)creates a service container shares: the instance (by the one rule of
 * {@link EnabledInstances}), the instance's Docker engine, the container a release gives a service,
 * and starting it until healthy while heartbeating. Deploy and recovery both build containers here,
 * so a recreated container is exactly the one a deploy of the same release would have made.
 */
public class ServiceContainers {
  static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);
  static final Duration KEYCLOAK_HEALTHY_WITHIN = Duration.ofMinutes(6);

  private final EnabledInstances instances;
  private final Path releasesDir;
  private final SecretStore secrets;
  private final DockerEngines engines;

  /**
   * @param instances the registry, judged by the schema every validating path uses
   */
  public ServiceContainers(
      EnabledInstances instances, Path releasesDir, SecretStore secrets, DockerEngines engines) {
    this.instances = instances;
    this.releasesDir = releasesDir;
    this.secrets = secrets;
    this.engines = engines;
  }

  /** An enabled instance of the valid registry: nothing changes an instance on an invalid one. */
  public Instance instance(String key) {
    return instances.get(key);
  }

  public DockerEngine docker(Instance instance) {
    return engines.forInstance(instance);
  }

  /** The container release {@code version} gives {@code service} (secrets resolved inside). */
  public ContainerSpec spec(String key, Instance instance, String service, String version) {
    return new StackLayout(secrets, instances.registry().defaults())
        .spec(key, instance, service, new ReleaseReader(releasesDir).read(version));
  }

  /** Starts the container and waits until Docker calls it healthy, heartbeating as it waits. */
  public void startHealthy(DockerEngine docker, String name, String service, String doing) {
    docker.start(name);
    docker.waitHealthy(name, healthWithin(service), heartbeat(service + ": " + doing));
  }

  public static Duration healthWithin(String service) {
    return service.equals("keycloak") ? KEYCLOAK_HEALTHY_WITHIN : HEALTHY_WITHIN;
  }

  /**
   * Waiting for health takes minutes for Keycloak: heartbeats keep a live attempt alive, and let a
   * dead worker's attempt time out fast.
   */
  private static Runnable heartbeat(String what) {
    var context = Activity.getExecutionContext();
    return () -> context.heartbeat(what);
  }
}
