package io.diveops.api.verify;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Runbook verify-instance: is this instance serving, end to end? (GAP-R1, T01–T04) */
@WorkflowInterface
public interface VerifyInstanceWorkflow {
  String TYPE = "VerifyInstance";

  @WorkflowMethod(name = TYPE)
  VerificationReport verify(VerifyInstanceInput input);
}
