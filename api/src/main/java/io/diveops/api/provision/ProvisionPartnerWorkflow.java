package io.diveops.api.provision;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook provision-partner (GAP-S2): one command onboards a nation from a DIVE registry instance
 * entry, federated both ways with the instances it trusts. This slice validates and plans: a dry
 * run returns the plan; provisioning itself comes in later slices.
 */
@WorkflowInterface
public interface ProvisionPartnerWorkflow {
  String TYPE = "ProvisionPartner";

  @WorkflowMethod(name = TYPE)
  ProvisionResult provision(ProvisionPartnerInput input);
}
