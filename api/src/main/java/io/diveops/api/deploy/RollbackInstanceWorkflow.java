package io.diveops.api.deploy;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook rollback-instance: go back to an earlier release on purpose, with a deploy's safety.
 * (GAP-R4)
 */
@WorkflowInterface
public interface RollbackInstanceWorkflow {
  String TYPE = "RollbackInstance";

  @WorkflowMethod(name = TYPE)
  DeployResult rollback(RollbackInput input);
}
