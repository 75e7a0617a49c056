package io.diveops.api.validate;

import io.diveops.api.registry.ValidationReport;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Runbook validate-registry: is the registry fit to drive a deployment? (GAP-C2) */
@WorkflowInterface
public interface ValidateRegistryWorkflow {
  String TYPE = "ValidateRegistry";

  @WorkflowMethod(name = TYPE)
  ValidationReport validate(ValidateRegistryInput input);
}
