package io.diveops.api.deploy;

import io.diveops.api.lock.LockClient;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Runbook deploy-instance: a release onto an instance, verified, or rolled back. (GAP-R1, R4, T1, C2) */
@WorkflowInterface
public interface DeployInstanceWorkflow extends LockClient {
  String TYPE = "DeployInstance";

  @WorkflowMethod(name = TYPE)
  DeployResult deploy(DeployInput input);

  /** Where the run is: the step, and while waiting for the instance lock, who holds it. */
  @QueryMethod
  String progress();

  /** An operator's answer to a failed rollback: "retry" the rollback or "abort" (leave it to hand). */
  @SignalMethod
  void decide(String decision);
}
