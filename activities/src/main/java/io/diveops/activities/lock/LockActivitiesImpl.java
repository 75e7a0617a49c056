package io.diveops.activities.lock;

import io.diveops.api.lock.InstanceLockWorkflow;
import io.diveops.api.lock.LockActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.List;

public class LockActivitiesImpl implements LockActivities {
  private final WorkflowClient client;
  private final String taskQueue;

  public LockActivitiesImpl(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  @Override
  public void requestLock(String instance, String requester) {
    client
        .newUntypedWorkflowStub(
            InstanceLockWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(LockActivities.lockWorkflowId(instance))
                .setTaskQueue(taskQueue)
                .build())
        .signalWithStart(
            InstanceLockWorkflow.ACQUIRE, new Object[] {requester}, new Object[] {instance});
  }

  @Override
  public void releaseLock(String instance, String holder) {
    try {
      client
          .newUntypedWorkflowStub(LockActivities.lockWorkflowId(instance))
          .signal(InstanceLockWorkflow.RELEASE, holder);
    } catch (WorkflowNotFoundException e) {
      // no lock workflow running: nothing is held
    }
  }

  @Override
  public String holder(String instance) {
    try {
      @SuppressWarnings("unchecked")
      List<String> holders =
          client
              .newUntypedWorkflowStub(LockActivities.lockWorkflowId(instance))
              .query(InstanceLockWorkflow.HOLDERS, List.class);
      return holders == null || holders.isEmpty() ? "" : holders.get(0);
    } catch (WorkflowNotFoundException e) {
      return ""; // never locked
    }
  }

  @Override
  public String runState(String workflowId) {
    try {
      return client
          .newUntypedWorkflowStub(workflowId)
          .describe()
          .getStatus()
          .name()
          .replaceFirst("^WORKFLOW_EXECUTION_STATUS_", "");
    } catch (WorkflowNotFoundException e) {
      return "NOT_FOUND";
    }
  }
}
