package io.diveops.workflows.validate;

import io.diveops.api.registry.RegistryActivities;
import io.diveops.api.registry.ValidationReport;
import io.diveops.api.validate.ValidateRegistryInput;
import io.diveops.api.validate.ValidateRegistryWorkflow;
import io.diveops.workflows.Runbooks;
import io.temporal.workflow.Workflow;

public class ValidateRegistryWorkflowImpl implements ValidateRegistryWorkflow {

  // Reading a file is quick; retries cover a worker that dies mid-read, and stop after a few so
  // a broken worker host surfaces as a failed run instead of a run that never ends.
  private final RegistryActivities registry = Workflow.newActivityStub(RegistryActivities.class);

  @Override
  public ValidationReport validate(ValidateRegistryInput input) {
    Runbooks.tagRun(TYPE);
    return registry.validateRegistry(input == null ? null : input.registry());
  }
}
