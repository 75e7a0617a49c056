package io.diveops.api.drift;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The activities of detect-drift: detection reads only; the reconcile steps change. */
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

  /** The release the instance's history says is current; null when it has none. */
  @ActivityMethod
  String currentRelease(String instance);

  /**
   * The realm's federation applied again from the specification the registry generates (as {@code
   * sandbox up} does), and the identity providers a report named as {@code extra} removed.
   *
   * @return each change made
   */
  @ActivityMethod
  List<String> reconcileRealm(String instance, List<String> extraProviders);

  /**
   * OPA given back the shipped policy: every shipped module put back by its id, every module the
   * product does not ship deleted, every shipped data value put back.
   *
   * @return each change made
   */
  @ActivityMethod
  List<String> reconcileOpa(String instance);
}
