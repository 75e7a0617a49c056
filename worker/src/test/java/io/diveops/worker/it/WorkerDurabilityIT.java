package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.api.selftest.SelfTestActivities.HoldResult;
import io.diveops.api.selftest.WorkerSelfTestWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Faults against the packaged worker on the real dev server: a SIGKILLed worker loses nothing (the
 * activity is retried on the next worker), and a SIGTERMed one finishes its in-flight work first.
 */
class WorkerDurabilityIT {
  private static final Path LOGS = Path.of(System.getProperty("dive.buildDir", "target"));
  private final DevServer server = DevServer.shared();
  private final WorkflowClient client = server.client();
  private final String taskQueue = "durability-" + UUID.randomUUID();

  @Test
  void aRunSurvivesItsWorkerBeingKilled() throws Exception {
    WorkflowStub run;
    try (WorkerProcess first = startWorker("first")) {
      run = startSelfTest(6);
      awaitActivityRunning(run);
      first.kill();
      assertThat(first.isAlive()).isFalse();
    }
    try (WorkerProcess second = startWorker("second")) {
      HoldResult result =
          run.getResult(90, java.util.concurrent.TimeUnit.SECONDS, HoldResult.class);
      assertThat(result.attempt()).as("the activity was retried after the kill").isGreaterThan(1);
      assertThat(result.finishedBy()).contains(String.valueOf(second.pid()));
      assertThat(result.secondsHeld()).isEqualTo(6);
    }
  }

  @Test
  void aGracefulStopHandsInFlightWorkOverWithItsProgress() throws Exception {
    WorkflowStub run;
    try (WorkerProcess worker = startWorker("graceful")) {
      run = startSelfTest(8);
      awaitHeartbeatRecorded(run);
      long stopping = System.nanoTime();
      int exit = worker.terminate(Duration.ofSeconds(40));
      assertThat(exit).as("clean exit on SIGTERM").isIn(0, 143);
      assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(30));
    }
    try (WorkerProcess next = startWorker("after-graceful")) {
      HoldResult result =
          run.getResult(90, java.util.concurrent.TimeUnit.SECONDS, HoldResult.class);
      assertThat(result.attempt()).isGreaterThan(1);
      assertThat(result.finishedBy()).contains(String.valueOf(next.pid()));
      assertThat(result.resumedFrom()).as("progress kept across workers").isPositive();
      assertThat(result.secondsHeld()).isEqualTo(8);
    }
  }

  private void awaitHeartbeatRecorded(WorkflowStub run) {
    WorkflowExecution execution = run.getExecution();
    Poll.until(
        "a heartbeat of the self-test activity",
        Duration.ofSeconds(30),
        () ->
            describe(execution).getPendingActivitiesList().stream()
                .anyMatch(a -> a.hasHeartbeatDetails()));
  }

  private io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse describe(
      WorkflowExecution execution) {
    return server
        .stubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(execution)
                .build());
  }

  private WorkerProcess startWorker(String name) {
    return WorkerProcess.start(
        server.address(),
        taskQueue,
        Map.of("DIVE_OPS_SELFTEST", "true", "DIVE_OPS_SHUTDOWN_GRACE", "30s"),
        LOGS.resolve("worker-" + name + "-" + taskQueue + ".log"));
  }

  private WorkflowStub startSelfTest(int seconds) {
    WorkerSelfTestWorkflow workflow =
        client.newWorkflowStub(
            WorkerSelfTestWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId("selftest-" + UUID.randomUUID())
                .build());
    WorkflowClient.start(workflow::run, seconds);
    return WorkflowStub.fromTyped(workflow);
  }

  private void awaitActivityRunning(WorkflowStub run) {
    WorkflowExecution execution = run.getExecution();
    Poll.until(
        "the self-test activity to be running",
        Duration.ofSeconds(30),
        () ->
            describe(execution).getPendingActivitiesList().stream()
                .anyMatch(
                    a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED));
  }
}
