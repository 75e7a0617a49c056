package io.diveops.api.deploy;

import java.util.List;

/**
 * What a deploy would change: per service, from which image to which and why. Environment changes
 * are named by key only: values may be secrets.
 */
public record DeployPlan(
    String instance,
    String fromRelease,
    String toRelease,
    List<ServiceChange> changes,
    List<String> unchanged) {

  public DeployPlan {
    changes = List.copyOf(changes);
    unchanged = List.copyOf(unchanged);
  }

  public List<String> changedServices() {
    return changes.stream().map(ServiceChange::service).toList();
  }

  /**
   * @param reason e.g. "image dive-ops/app:1.0.0 → dive-ops/app:1.1.0", "environment: DIVE_FAULT"
   */
  public record ServiceChange(
      String service, String container, String fromImage, String toImage, String reason) {}
}
