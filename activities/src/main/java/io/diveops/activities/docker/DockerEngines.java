package io.diveops.activities.docker;

import io.diveops.activities.registry.Instance;
import io.diveops.activities.stack.InstanceEndpoints;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One engine connection per Docker host an activity worker talks to, made on first use. */
public class DockerEngines {
  private final Path certRoot;
  private final Map<String, DockerEngine> engines = new ConcurrentHashMap<>();

  /**
   * @param certRoot TLS material of remote hosts: {@code <certRoot>/<host>/{ca,cert,key}.pem}
   */
  public DockerEngines(Path certRoot) {
    this.certRoot = certRoot;
  }

  public DockerEngine forInstance(Instance instance) {
    return engines.computeIfAbsent(
        InstanceEndpoints.host(instance),
        host -> DockerEngine.connect(DockerHost.forInstance(instance, certRoot)));
  }
}
