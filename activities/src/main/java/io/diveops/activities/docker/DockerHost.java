package io.diveops.activities.docker;

import io.diveops.activities.registry.Instance;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where an instance's Docker Engine is: the local socket for a local host, tcp+TLS for a remote
 * one (such as DEU). The TLS material of a remote host lives in {@code <certRoot>/<host>/} as
 * ca.pem, cert.pem, key.pem, the layout docker itself uses.
 */
public record DockerHost(String uri, Optional<Path> tlsCertPath) {
  private static final Set<String> LOCAL = Set.of("", "localhost", "127.0.0.1", "::1");
  static final String LOCAL_SOCKET = "unix:///var/run/docker.sock";

  public static DockerHost local() {
    String fromEnv = System.getenv("DOCKER_HOST");
    return new DockerHost(fromEnv == null || fromEnv.isBlank() ? LOCAL_SOCKET : fromEnv, Optional.empty());
  }

  public static DockerHost forInstance(Instance instance, Path certRoot) {
    String host = instance.deployment() == null || instance.deployment().host() == null
        ? "" : instance.deployment().host().trim().toLowerCase(Locale.ROOT);
    if (LOCAL.contains(host)) {
      return local();
    }
    return new DockerHost("tcp://" + host + ":2376", Optional.of(certRoot.resolve(host)));
  }
}
