package io.diveops.workflows.deploy;

import io.diveops.api.deploy.DeployActivities;
import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployInstanceWorkflow;
import io.diveops.api.deploy.DeployResult;
import io.diveops.api.deploy.RollbackInput;
import io.diveops.api.deploy.RollbackInstanceWorkflow;
import io.diveops.workflows.Runbooks;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

public class RollbackInstanceWorkflowImpl implements RollbackInstanceWorkflow {
  private final DeployActivities activities = Workflow.newActivityStub(DeployActivities.class);

  @Override
  public DeployResult rollback(RollbackInput input) {
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(input.instance());
    String target =
        input.toRelease() == null || input.toRelease().isBlank()
            ? activities.previousRelease(input.instance())
            : input.toRelease();
    Workflow.setCurrentDetails("rolling " + input.instance() + " back to " + target);
    // A rollback is a deploy of the earlier release: same plan, lock, checkpoint, verification and
    // compensation. The child shows in the UI under this run.
    DeployInstanceWorkflow deploy =
        Workflow.newChildWorkflowStub(
            DeployInstanceWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-deploy")
                .build());
    return deploy.deploy(new DeployInput(input.instance(), target, null, false));
  }
}
