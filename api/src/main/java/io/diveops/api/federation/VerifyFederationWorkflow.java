package io.diveops.api.federation;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook verify-federation (T09): for every ordered pair (home, partner) of enabled instances, a
 * real brokered login through the partner's identity provider at home, then home's resource API
 * with the token it issued.
 */
@WorkflowInterface
public interface VerifyFederationWorkflow {
  String TYPE = "VerifyFederation";

  @WorkflowMethod(name = TYPE)
  FederationReport verify(VerifyFederationInput input);
}
