package io.diveops.api.drift;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook detect-drift (GAP-P5): every difference between what the registry, the release and the
 * realm specification say an instance is and what runs, item by item; read-only in this slice.
 */
@WorkflowInterface
public interface DetectDriftWorkflow {
  String TYPE = "DetectDrift";

  @WorkflowMethod(name = TYPE)
  DriftReport detect(DetectDriftInput input);
}
