package io.diveops.activities.docker;

import java.util.Map;

/**
 * What the engine says about one container.
 *
 * @param health "healthy", "unhealthy", "starting", or "none" when the image has no health check
 */
public record ContainerState(
    String id,
    String name,
    String image,
    String status,
    boolean running,
    String health,
    Integer exitCode,
    Map<String, String> labels) {

  public boolean healthy() {
    return running && ("healthy".equals(health) || "none".equals(health));
  }
}
