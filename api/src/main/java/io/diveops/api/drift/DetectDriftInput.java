package io.diveops.api.drift;

import java.util.List;

/**
 * @param instances registry keys to check; null or empty means every enabled instance
 * @param reconcile put the instances back to the desired state; not built yet: such a run is {@code
 *     REJECTED}
 */
public record DetectDriftInput(List<String> instances, Boolean reconcile) {
  public DetectDriftInput {
    instances = instances == null ? List.of() : List.copyOf(instances);
  }

  public static DetectDriftInput all() {
    return new DetectDriftInput(List.of(), false);
  }
}
