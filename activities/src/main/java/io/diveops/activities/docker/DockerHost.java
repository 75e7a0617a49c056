package io.diveops.activities.docker;

import io.diveops.activities.registry.HostKey;
import io.diveops.activities.registry.Instance;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an instance's Docker Engine is: the local socket for a local host, tcp+TLS for a remote one
 * (such as DEU). The TLS material of a remote host lives in {@code <certRoot>/<host>/} as ca.pem,
 * cert.pem, key.pem, the layout docker itself uses.
 */
public record DockerHost(String uri, Optional<Path> tlsCertPath) {
  static final String LOCAL_SOCKET = "unix:///var/run/docker.sock";

  public static DockerHost local() {
    String fromEnv = System.getenv("DOCKER_HOST");
    return new DockerHost(
        fromEnv == null || fromEnv.isBlank() ? LOCAL_SOCKET : fromEnv, Optional.empty());
  }

  public static DockerHost forInstance(Instance instance, Path certRoot) {
    if (HostKey.isLocal(instance)) {
      return local();
    }
    String host = HostKey.of(instance);
    return new DockerHost("tcp://" + host + ":2376", Optional.of(certRoot.resolve(host)));
  }
}
