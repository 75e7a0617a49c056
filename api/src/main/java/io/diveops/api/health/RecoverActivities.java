package io.diveops.api.health;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The changing rungs of recover-service. Each ends with the service healthy or fails (not retryable
 * when trying again cannot help: the container exits, Docker calls it unhealthy, no container to
 * restart). Both are idempotent, so a worker that dies mid-rung loses nothing.
 */
@ActivityInterface
public interface RecoverActivities {

  /** Restarts the service's container and waits until it is healthy. */
  @ActivityMethod
  Repair restart(String instance, String service);

  /**
   * Replaces the container by a fresh one from the instance's current release: same name, labels,
   * ports, network and volumes (data is kept), then waits until it is healthy.
   */
  @ActivityMethod
  Repair recreate(String instance, String service);
}
