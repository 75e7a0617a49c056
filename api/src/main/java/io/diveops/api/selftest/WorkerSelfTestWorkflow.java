package io.diveops.api.selftest;

import io.diveops.api.selftest.SelfTestActivities.HoldResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Not a runbook: a probe of the worker deployment itself, registered only when the worker runs with
 * {@code dive-ops.selftest=true}. The durability tests kill a worker while it runs.
 */
@WorkflowInterface
public interface WorkerSelfTestWorkflow {
  String TYPE = "WorkerSelfTest";

  @WorkflowMethod(name = TYPE)
  HoldResult run(int seconds);
}
