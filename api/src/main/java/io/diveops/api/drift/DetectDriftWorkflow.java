package io.diveops.api.drift;

import io.diveops.api.lock.LockClient;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook detect-drift (GAP-P5): every difference between what the registry, the release and the
 * realm specification say an instance is and what runs, item by item; with {@code reconcile}, put
 * back through the paths that already exist (DeployInstance, the realm and OPA from what the
 * product generates and ships), under the instance lock.
 */
@WorkflowInterface
public interface DetectDriftWorkflow extends LockClient {
  String TYPE = "DetectDrift";

  @WorkflowMethod(name = TYPE)
  DriftReport detect(DetectDriftInput input);
}
