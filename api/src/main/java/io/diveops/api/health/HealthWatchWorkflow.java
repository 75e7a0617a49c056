package io.diveops.api.health;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook health-watch: one long-running watcher per instance (id {@code health-watch-<key>}) that
 * probes every service and starts recover-service for one that stays unhealthy. (GAP-R3, T08, O2)
 */
@WorkflowInterface
public interface HealthWatchWorkflow {
  String TYPE = "HealthWatch";

  @WorkflowMethod(name = TYPE)
  void watch(HealthWatchInput input);

  /** Stops probing and acting until {@link #resume}, e.g. for planned maintenance by hand. */
  @SignalMethod
  void pause();

  @SignalMethod
  void resume();

  /**
   * A recovery of {@code service} ended with {@code outcome}: its incident is closed; one that was
   * not needed is forgotten for flapping; after ABORTED the service is left alone until it is
   * healthy again (an operator is repairing it by hand).
   */
  @SignalMethod
  void recoveryEnded(String service, RecoverOutcome outcome);

  @QueryMethod
  HealthWatchStatus status();
}
