package io.diveops.api.provision;

import io.diveops.api.lock.LockClient;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook provision-partner (GAP-S2): one command onboards a nation from a DIVE registry instance
 * entry, federated both ways with the instances it trusts, verified, and operated; or, on any
 * failure after it started changing things, leaves nothing behind. A dry run returns the plan.
 */
@WorkflowInterface
public interface ProvisionPartnerWorkflow extends LockClient {
  String TYPE = "ProvisionPartner";

  @WorkflowMethod(name = TYPE)
  ProvisionResult provision(ProvisionPartnerInput input);
}
