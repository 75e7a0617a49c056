package io.diveops.api.health;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * What HealthWatch and RecoverService look at, and how a recovery is started without duplicates.
 */
@ActivityInterface
public interface HealthActivities {
  String STARTED = "started";
  String RUNNING = "running";

  /** Every service of the instance: Docker state and health, HTTP health endpoint. */
  @ActivityMethod
  List<ServiceHealth> probe(String instance);

  /** One service, as {@link #probe}. */
  @ActivityMethod
  ServiceHealth check(String instance, String service);

  /**
   * Starts RecoverService with id {@code recover-<instance>-<service>} unless one with that id
   * runs.
   *
   * @return {@link #STARTED}, or {@link #RUNNING} when a recovery of that service is already under
   *     way
   */
  @ActivityMethod
  String startRecovery(RecoverInput input);
}
