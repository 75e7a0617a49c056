package io.diveops.api.provision;

import java.util.List;

/**
 * Everything a provisioning would create or change, per instance: the new partner first, then each
 * instance it federates with.
 *
 * @param release the release the partner's stack would run, and {@code releaseReason} why that one
 * @param trust the instances it federates with, both ways
 */
public record ProvisionPlan(
    String key,
    String code,
    String release,
    String releaseReason,
    List<String> trust,
    List<PlannedChange> changes) {

  public ProvisionPlan {
    trust = trust == null ? List.of() : List.copyOf(trust);
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** The changes at one instance, in plan order. */
  public List<PlannedChange> at(String instance) {
    return changes.stream().filter(c -> c.instance().equals(instance)).toList();
  }
}
