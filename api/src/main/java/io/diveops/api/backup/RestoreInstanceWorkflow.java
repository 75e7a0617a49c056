package io.diveops.api.backup;

import io.diveops.api.lock.LockClient;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook restore-instance: disaster recovery of one instance's data from a VERIFIED backup, under
 * the instance lock, with a fresh backup of the live data taken first to fall back to.
 */
@WorkflowInterface
public interface RestoreInstanceWorkflow extends LockClient {
  String TYPE = "RestoreInstance";

  @WorkflowMethod(name = TYPE)
  RestoreResult restore(RestoreInput input);

  @QueryMethod
  String progress();
}
