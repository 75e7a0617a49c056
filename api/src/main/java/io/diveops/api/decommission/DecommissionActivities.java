package io.diveops.api.decommission;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The steps of decommission-partner that touch the world and are its own; the realms of the
 * instances that remain are brought to the registry by provisioning's {@code FederateInstance}, and
 * the schedules by its {@code ApplySchedules}.
 */
@ActivityInterface
public interface DecommissionActivities {

  /**
   * Reads only: the instance is in the registry (or an earlier run took it out and kept the
   * registry: resumed), the registry without it still validates, and everything taking it out would
   * remove or change.
   */
  @ActivityMethod
  DecommissionPlan planDecommission(DecommissionPartnerInput input);

  /**
   * The instance's HealthWatch cancelled, and waited for until it has ended (it would recover what
   * is being removed); terminated when it does not end within seconds.
   *
   * @return what became of it: cancelled, terminated, or not running
   */
  @ActivityMethod
  String stopWatcher(String key);

  /**
   * The registry without the instance (its entry, its matrix row, its key in every other row),
   * written atomically; the registry it replaced is kept until {@link #finishDecommission}. Done
   * already: nothing.
   */
  @ActivityMethod
  void commitDecommission(String key);

  /**
   * The instance's containers and network removed, its volumes too when purged, and its release
   * record; from the kept registry's entry.
   *
   * @return what was removed
   */
  @ActivityMethod
  List<String> removeInstanceStack(String key, boolean purge);

  /**
   * Every secret of the instance (its stack's, and each federation pair's, both directions): its
   * versions disabled, or the secret destroyed when purged. Absent ones are skipped.
   *
   * @return each secret's name (never its value) and what became of it
   */
  @ActivityMethod
  List<String> retireSecrets(String key, boolean purge);

  /** The instance's records on this worker (release, drift, kept registries) removed. */
  @ActivityMethod
  void finishDecommission(String key);
}
