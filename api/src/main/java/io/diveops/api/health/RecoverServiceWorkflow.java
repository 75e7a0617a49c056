package io.diveops.api.health;

import io.diveops.api.lock.LockClient;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook recover-service: restart, then recreate from the release, then page a human and wait for
 * an answer. Id {@code recover-<key>-<service>}, so one service never has two recoveries at once.
 * (GAP-R3, T08, O2)
 */
@WorkflowInterface
public interface RecoverServiceWorkflow extends LockClient {
  String TYPE = "RecoverService";
  String RETRY = "retry";
  String RESOLVED = "resolved";
  String ABORT = "abort";

  @WorkflowMethod(name = TYPE)
  RecoverResult recover(RecoverInput input);

  @QueryMethod
  String progress();

  /**
   * An operator's answer while the run waits for one: {@code retry} (climb the ladder again),
   * {@code resolved} (fixed by hand: verify and finish) or {@code abort}. Rejected at other times.
   */
  @UpdateMethod
  String answer(String decision);

  @UpdateValidatorMethod(updateName = "answer")
  void validateAnswer(String decision);

  /** The same answer as a signal, for tools that cannot send updates; ignored when not waiting. */
  @SignalMethod
  void decide(String decision);

  /**
   * HealthWatch saw the service fail again after it had been healthy, while this incident is open:
   * the failure joins this incident (its alert is updated) and the ladder is climbed again.
   */
  @SignalMethod
  void failedAgain(String seen);
}
