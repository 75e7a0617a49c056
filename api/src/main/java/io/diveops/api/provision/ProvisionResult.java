package io.diveops.api.provision;

import io.diveops.api.federation.FederationReport;
import io.diveops.api.registry.Finding;
import io.diveops.api.verify.VerificationReport;
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
 * @param changes what was created or changed, step by step (secret names, never values)
 * @param verification VerifyInstance of the partner; null when it did not run
 * @param federation VerifyFederation of the partner's pairs, both directions: the verification
 *     matrix; null when it did not run
 * @param failure what failed (the step and why) for ROLLED_BACK and ROLLBACK_FAILED
 * @param compensation each compensation step and how it ended
 */
public record ProvisionResult(
    String key,
    ProvisionOutcome outcome,
    ProvisionPlan plan,
    List<Finding> errors,
    List<Finding> warnings,
    Map<String, Long> stepMs,
    List<String> changes,
    VerificationReport verification,
    FederationReport federation,
    String failure,
    List<String> compensation) {

  public ProvisionResult {
    changes = changes == null ? List.of() : List.copyOf(changes);
    compensation = compensation == null ? List.of() : List.copyOf(compensation);
    errors = errors == null ? List.of() : List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    // In the order the steps ran.
    stepMs = stepMs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(stepMs));
  }

  /** A run that ended before changing anything (rejected, planned). */
  public ProvisionResult(
      String key,
      ProvisionOutcome outcome,
      ProvisionPlan plan,
      List<Finding> errors,
      List<Finding> warnings,
      Map<String, Long> stepMs) {
    this(key, outcome, plan, errors, warnings, stepMs, List.of(), null, null, null, List.of());
  }
}
