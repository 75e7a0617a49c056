package io.diveops.api.deploy;

import io.diveops.api.lock.LockClient;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook deploy-instance: a release onto an instance, verified, or rolled back. (GAP-R1, R4, T1,
 * C2)
 */
@WorkflowInterface
public interface DeployInstanceWorkflow extends LockClient {
  String TYPE = "DeployInstance";
  String ANSWER = "answer";

  @WorkflowMethod(name = TYPE)
  DeployResult deploy(DeployInput input);

  /** Where the run is: the step, and while waiting for the instance lock, who holds it. */
  @QueryMethod
  String progress();

  /**
   * An operator's answer to a failed rollback: {@code retry} the rollback or {@code abort} (leave
   * it to hand). Rejected, with the reason, when the word is not a {@link DeployAnswer} or the run
   * is not waiting for an answer.
   */
  @UpdateMethod(name = ANSWER)
  String answer(String decision);

  @UpdateValidatorMethod(updateName = ANSWER)
  void validateAnswer(String decision);

  /**
   * The same answer as a signal, kept for scripts that send it: a signal cannot be refused, so any
   * word but {@code retry} is taken as abort. Prefer {@link #answer}.
   */
  @SignalMethod
  void decide(String decision);
}
