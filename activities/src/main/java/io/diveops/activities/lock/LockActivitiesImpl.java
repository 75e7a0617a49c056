package io.diveops.activities.lock;

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
    client.newUntypedWorkflowStub(LOCK_TYPE, WorkflowOptions.newBuilder()
            .setWorkflowId(LockActivities.lockWorkflowId(instance))
            .setTaskQueue(taskQueue)
            .build())
        .signalWithStart("acquire", new Object[] {requester}, new Object[] {instance});
  }

  @Override
  public void releaseLock(String instance, String holder) {
    try {
      client.newUntypedWorkflowStub(LockActivities.lockWorkflowId(instance)).signal("release", holder);
    } catch (WorkflowNotFoundException e) {
      // no lock workflow running: nothing is held
    }
  }

  @Override
  public String holder(String instance) {
    try {
      @SuppressWarnings("unchecked")
      List<String> holders = client.newUntypedWorkflowStub(LockActivities.lockWorkflowId(instance))
          .query("holders", List.class);
      return holders == null || holders.isEmpty() ? "" : holders.get(0);
    } catch (WorkflowNotFoundException e) {
      return ""; // never locked
    }
  }

  @Override
  public String runState(String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStatus().name()
          .replaceFirst("^WORKFLOW_EXECUTION_STATUS_", "");
    } catch (WorkflowNotFoundException e) {
      return "NOT_FOUND";
    }
  }
}
