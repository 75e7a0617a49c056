package io.diveops.workflows.selftest;

import io.diveops.api.selftest.SelfTestActivities;
import io.diveops.api.selftest.SelfTestActivities.HoldResult;
import io.diveops.api.selftest.WorkerSelfTestWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class WorkerSelfTestWorkflowImpl implements WorkerSelfTestWorkflow {

  @Override
  public HoldResult run(int seconds) {
    // A short heartbeat timeout makes a dead worker's attempt time out quickly, so the retry on a
    // live worker starts within seconds.
    SelfTestActivities activities =
        Workflow.newActivityStub(
            SelfTestActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(seconds + 60L))
                .setHeartbeatTimeout(Duration.ofSeconds(3))
                .build());
    return activities.hold(seconds);
  }
}
