package io.diveops.api.provision;

import io.diveops.api.registry.Finding;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a provision-partner run ended.
 *
 * @param plan what would be (or was) created and changed; null when rejected before planning
 * @param errors every reason a REJECTED run was refused, each with its JSON path and rule
 * @param stepMs how long each step took, by step name (validate, plan, …)
 */
public record ProvisionResult(
    String key,
    ProvisionOutcome outcome,
    ProvisionPlan plan,
    List<Finding> errors,
    List<Finding> warnings,
    Map<String, Long> stepMs) {

  public ProvisionResult {
    errors = errors == null ? List.of() : List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    // In the order the steps ran.
    stepMs = stepMs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(stepMs));
  }
}
