package io.diveops.api.drift;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The activities of detect-drift: read-only. */
@ActivityInterface
public interface DriftActivities {

  /**
   * The instances to check, sorted: those asked for (each must exist and be enabled: {@code
   * UnknownInstance}, {@code DisabledInstance}), else every enabled one.
   */
  @ActivityMethod
  List<String> driftInstances(DetectDriftInput input);

  /**
   * One instance's differences (containers, Keycloak federation), ignore rules applied, first and
   * last seen kept in the instance's drift record. What cannot be read is an {@code unknown} item,
   * never an exception.
   */
  @ActivityMethod
  InstanceDrift detectInstance(String instance);
}
