package io.diveops.api.registry;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Registry access for runbooks: reading and validating the single source of truth. */
@ActivityInterface
public interface RegistryActivities {

  /**
   * Loads and validates a registry file on the worker's machine.
   *
   * @param registry a path; blank means the worker's configured registry
   */
  @ActivityMethod
  ValidationReport validateRegistry(String registry);
}
