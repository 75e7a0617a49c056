package io.diveops.api.lock;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;

/** What a runbook that takes an instance lock must accept: the lock's answers. */
@WorkflowInterface
public interface LockClient {
  String LOCK_STATE = "lockState";

  /**
   * The lock's answer: {@code holder} holds the instance now (the receiver itself when granted).
   */
  @SignalMethod(name = LOCK_STATE)
  void lockState(String instance, String holder);
}
