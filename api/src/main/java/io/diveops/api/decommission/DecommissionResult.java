package io.diveops.api.decommission;

import io.diveops.api.federation.FederationReport;
import io.diveops.api.registry.Finding;
import io.diveops.api.verify.VerificationReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a decommission-partner run ended.
 *
 * @param plan what it removes and changes; null when refused before planning
 * @param finalBackup the id of the backup taken first, kept after the instance is gone; null when
 *     none was taken by this run
 * @param changes what was removed or changed, step by step (secret names, never values)
 * @param remaining VerifyInstance of each instance that federated with it
 * @param federation VerifyFederation among those instances; null when fewer than two remain
 * @param failure the step that failed and why, for INCOMPLETE and REJECTED after planning
 */
public record DecommissionResult(
    String key,
    DecommissionOutcome outcome,
    DecommissionPlan plan,
    List<Finding> errors,
    String finalBackup,
    Map<String, Long> stepMs,
    List<String> changes,
    List<VerificationReport> remaining,
    FederationReport federation,
    String failure) {

  public DecommissionResult {
    errors = errors == null ? List.of() : List.copyOf(errors);
    changes = changes == null ? List.of() : List.copyOf(changes);
    remaining = remaining == null ? List.of() : List.copyOf(remaining);
    stepMs = stepMs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(stepMs));
  }
}
