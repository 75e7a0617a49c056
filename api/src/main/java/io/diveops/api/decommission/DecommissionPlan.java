package io.diveops.api.decommission;

import io.diveops.api.provision.PlannedChange;
import io.diveops.api.registry.Finding;
import java.util.List;

/**
 * What taking an instance out would remove or change, per instance.
 *
 * @param resumed an earlier run already took it out of the registry: this one finishes that run
 *     (from the registry it kept), without a new final backup
 * @param partners the instances it federates with, either way: their realms lose its pairs
 * @param changes in the order the steps make them; secrets named, never shown
 * @param errors why it cannot be taken out (each with its path and rule); empty when it can
 */
public record DecommissionPlan(
    String key,
    boolean resumed,
    boolean purge,
    List<String> partners,
    List<PlannedChange> changes,
    List<Finding> errors) {

  public DecommissionPlan {
    partners = partners == null ? List.of() : List.copyOf(partners);
    changes = changes == null ? List.of() : List.copyOf(changes);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
