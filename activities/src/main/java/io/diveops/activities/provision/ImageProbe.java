package io.diveops.activities.provision;

import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.Instance;

/**
 * Whether an image is on an instance's Docker host: no image registry is reachable from these
 * machines, so an image that is not there cannot be pulled when the stack starts.
 */
@FunctionalInterface
public interface ImageProbe {

  /**
   * @throws RuntimeException when the host's engine cannot be asked
   */
  boolean exists(Instance instance, String image);

  /** Asks the engine of the instance's host (reads only). */
  static ImageProbe docker(DockerEngines engines) {
    return (instance, image) -> engines.forInstance(instance).imageExists(image);
  }
}
