package io.diveops.api.provision;

import io.diveops.api.lock.LockClient;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
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
  String ANSWER = "answer";

  @WorkflowMethod(name = TYPE)
  ProvisionResult provision(ProvisionPartnerInput input);

  /** Where the run is: its step, "compensating", or waiting for an operator's answer. */
  @QueryMethod
  String progress();

  /**
   * An operator's answer to a compensation that did not finish: {@code retry} it or {@code abort}
   * (leave what is left to hand). Rejected, with the reason, when the word is not a {@link
   * ProvisionAnswer} or the run is not waiting for an answer.
   */
  @UpdateMethod(name = ANSWER)
  String answer(String decision);

  @UpdateValidatorMethod(updateName = ANSWER)
  void validateAnswer(String decision);
}
