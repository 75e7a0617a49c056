package io.diveops.api.deploy;

import java.util.List;
import java.util.Map;

/**
 * The state of every container a deploy will change, taken before it changes anything. Env values
 * are not recorded (they may hold secrets): their keys and a digest are, so drift is visible.
 */
public record Checkpoint(
    String instance, String release, String takenAt, List<ContainerCheckpoint> containers) {
  public Checkpoint {
    containers = List.copyOf(containers);
  }

  /**
   * Whether {@code service} had no container when the checkpoint was taken: a deploy that fails
   * must remove what it created there, not start it.
   */
  public boolean createdBy(String service) {
    return containers.stream().anyMatch(c -> c.service().equals(service) && c.image() == null);
  }

  public record ContainerCheckpoint(
      String service,
      String container,
      String image,
      String imageId,
      String releaseLabel,
      List<String> envKeys,
      String envDigest,
      List<String> ports,
      Map<String, String> volumes,
      Map<String, String> labels,
      String network) {}
}
