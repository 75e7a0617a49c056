package io.diveops.activities.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to create one managed container, so that a container can be recreated exactly
 * (checkpoints and rollbacks keep specs, not containers).
 */
public record ContainerSpec(
    String name,
    String image,
    Map<String, String> env,
    Map<String, String> labels,
    List<PortMapping> ports,
    String network,
    List<String> aliases,
    Map<String, String> volumes,
    List<String> command,
    HealthSpec health,
    Map<String, List<String>> otherNetworks) {

  public ContainerSpec {
    // Specs recorded before a container could join more than one network have none.
    otherNetworks = otherNetworks == null ? Map.of() : Map.copyOf(otherNetworks);
    env = Map.copyOf(env);
    labels = Map.copyOf(labels);
    ports = List.copyOf(ports);
    aliases = List.copyOf(aliases);
    volumes = Map.copyOf(volumes);
    command = command == null ? List.of() : List.copyOf(command);
  }

  /** A container on its stack's network alone. */
  public ContainerSpec(
      String name,
      String image,
      Map<String, String> env,
      Map<String, String> labels,
      List<PortMapping> ports,
      String network,
      List<String> aliases,
      Map<String, String> volumes,
      List<String> command,
      HealthSpec health) {
    this(name, image, env, labels, ports, network, aliases, volumes, command, health, Map.of());
  }

  /** The same container, also joined to {@code networks} (network → its aliases there). */
  public ContainerSpec withOtherNetworks(Map<String, List<String>> networks) {
    return new ContainerSpec(
        name, image, env, labels, ports, network, aliases, volumes, command, health, networks);
  }

  /** A port published on the host: always on 127.0.0.1 unless a host IP is given. */
  public record PortMapping(String hostIp, int hostPort, int containerPort) {
    public static PortMapping loopback(int hostPort, int containerPort) {
      return new PortMapping("127.0.0.1", hostPort, containerPort);
    }
  }

  /** Docker's own health check, so `docker ps` and every runbook agree on "healthy". */
  public record HealthSpec(
      List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {
    public HealthSpec {
      test = List.copyOf(test);
    }
  }

  public ContainerSpec withEnv(String key, String value) {
    var copy = new java.util.HashMap<>(env);
    copy.put(key, value);
    return new ContainerSpec(
        name,
        image,
        copy,
        labels,
        ports,
        network,
        aliases,
        volumes,
        command,
        health,
        otherNetworks);
  }

  public ContainerSpec withImage(String newImage) {
    return new ContainerSpec(
        name,
        newImage,
        env,
        labels,
        ports,
        network,
        aliases,
        volumes,
        command,
        health,
        otherNetworks);
  }

  /** Env values may hold secrets: never print them. */
  @Override
  public String toString() {
    return "ContainerSpec["
        + name
        + " image="
        + image
        + " env="
        + env.keySet()
        + " ports="
        + ports
        + "]";
  }
}
