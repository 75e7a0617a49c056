package io.diveops.activities.health;

import io.diveops.api.health.HealthActivities;
import io.diveops.api.health.RecoverInput;
import io.diveops.api.health.RecoverServiceWorkflow;
import io.diveops.api.health.ServiceHealth;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.List;

public class HealthActivitiesImpl implements HealthActivities {
  private final ServiceProbe probe;
  private final WorkflowClient client;
  private final String taskQueue;

  public HealthActivitiesImpl(ServiceProbe probe, WorkflowClient client, String taskQueue) {
    this.probe = probe;
    this.client = client;
    this.taskQueue = taskQueue;
  }

  @Override
  public List<ServiceHealth> probe(String instance) {
    return probe.probe(instance);
  }

  @Override
  public ServiceHealth check(String instance, String service) {
    return probe.probe(instance, service);
  }

  @Override
  public String startRecovery(RecoverInput input) {
    // One id per instance and service: the server itself refuses a second run while one is open,
    // whoever starts it (the watcher, a launcher, the UI); a closed one may be followed by a new
    // one.
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(RecoverInput.workflowId(input.instance(), input.service()))
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .build();
    try {
      client.newUntypedWorkflowStub(RecoverServiceWorkflow.TYPE, options).start(input);
      return STARTED;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return RUNNING;
    }
  }
}
