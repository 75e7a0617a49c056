package io.diveops.activities.deploy;

import java.util.List;
import java.util.Map;

/**
 * The state of every container a deploy will change, taken before it changes anything. Env values
 * are not recorded (they may hold secrets): their keys and a digest are, so drift is visible.
 */
public record Checkpoint(String instance, String release, String takenAt, List<ContainerCheckpoint> containers) {
  public Checkpoint {
    containers = List.copyOf(containers);
  }

  public record ContainerCheckpoint(
      String service, String container, String image, String imageId, String releaseLabel, List<String> envKeys,
      String envDigest, List<String> ports, Map<String, String> volumes, Map<String, String> labels, String network) {}
}
