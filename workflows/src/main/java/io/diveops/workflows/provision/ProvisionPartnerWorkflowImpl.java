package io.diveops.workflows.provision;

import io.diveops.api.provision.PartnerValidation;
import io.diveops.api.provision.ProvisionActivities;
import io.diveops.api.provision.ProvisionOutcome;
import io.diveops.api.provision.ProvisionPartnerInput;
import io.diveops.api.provision.ProvisionPartnerWorkflow;
import io.diveops.api.provision.ProvisionPlan;
import io.diveops.api.provision.ProvisionResult;
import io.diveops.api.registry.Finding;
import io.diveops.workflows.Runbooks;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validate, then plan. A dry run ends there ({@code PLANNED}); provisioning itself (lock, secrets,
 * stack, federation, verification, commit, operate) is not built yet, so a run without a dry run is
 * refused after planning, with the plan, and changes nothing.
 */
public class ProvisionPartnerWorkflowImpl implements ProvisionPartnerWorkflow {
  static final Finding NOT_BUILT =
      new Finding(
          "$.dryRun",
          "not-built-yet",
          "provisioning itself is not built yet: run with --dry-run (dryRun: true)");

  private final ProvisionActivities activities =
      Workflow.newActivityStub(ProvisionActivities.class);
  private final Map<String, Long> stepMs = new LinkedHashMap<>();

  @Override
  public ProvisionResult provision(ProvisionPartnerInput input) {
    Runbooks.tagRun(TYPE);
    long started = Workflow.currentTimeMillis();
    PartnerValidation validation = activities.validatePartner(input);
    started = step("validate", started);
    if (validation.key() != null) {
      Runbooks.tagInstance(validation.key());
    }
    if (!validation.valid()) {
      return result(validation, ProvisionOutcome.REJECTED, null, validation.errors());
    }
    ProvisionPlan plan = activities.planPartner(input);
    step("plan", started);
    if (Boolean.TRUE.equals(input.dryRun())) {
      return result(validation, ProvisionOutcome.PLANNED, plan, List.of());
    }
    return result(validation, ProvisionOutcome.REJECTED, plan, List.of(NOT_BUILT));
  }

  /** Records how long the step took; returns when the next one starts. */
  private long step(String name, long started) {
    long now = Workflow.currentTimeMillis();
    stepMs.put(name, now - started);
    return now;
  }

  private ProvisionResult result(
      PartnerValidation validation,
      ProvisionOutcome outcome,
      ProvisionPlan plan,
      List<Finding> errors) {
    return new ProvisionResult(
        validation.key(), outcome, plan, errors, validation.warnings(), stepMs);
  }
}
