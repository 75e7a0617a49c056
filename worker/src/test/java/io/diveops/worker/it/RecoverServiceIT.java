package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.stack.StackLayout;
import io.diveops.api.health.RecoverInput;
import io.diveops.api.health.RecoverOutcome;
import io.diveops.api.health.RecoverResult;
import io.diveops.api.health.RecoverServiceWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RecoverService survives its worker being SIGKILLed in the middle of a rung. */
class RecoverServiceIT {
  static final Path LOGS = Path.of(System.getProperty("dive.buildDir", "target"));
  @TempDir static Path work;
  static DeployFixture sandbox;
  static AlertReceiver receiver;
  final String taskQueue = "recover-it-" + UUID.randomUUID();
  final WorkflowClient client = DevServer.shared().client();

  @BeforeAll
  static void up() {
    sandbox = new DeployFixture(work);
    receiver = new AlertReceiver();
  }

  @AfterAll
  static void close() {
    receiver.close();
    sandbox.docker.close();
  }

  @Test
  void aWorkerKilledWhileRecreatingLosesNothing() throws Exception {
    String kas = sandbox.container("gbr", "kas");
    HealthWatchIT.dockerCli("rm", "-f", kas);
    WorkflowStub run;
    try (WorkerProcess first = worker("1")) {
      RecoverServiceWorkflow recover =
          client.newWorkflowStub(
              RecoverServiceWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(taskQueue)
                  .setWorkflowId(RecoverInput.workflowId("gbr", "kas"))
                  .build());
      WorkflowClient.start(
          recover::recover, new RecoverInput("gbr", "kas", null, null, "no container"));
      run = WorkflowStub.fromTyped(recover);
      Poll.until(
          "the recovery to recreate",
          Duration.ofMinutes(1),
          () -> run.query("progress", String.class).startsWith("recreate"));
      first.kill();
    }
    try (WorkerProcess second = worker("2")) {
      RecoverResult result = run.getResult(3, TimeUnit.MINUTES, RecoverResult.class);
      assertThat(result.outcome()).isEqualTo(RecoverOutcome.RECOVERED);
      assertThat(result.rungs())
          .extracting(RecoverResult.Rung::name)
          .containsExactly("lock", "restart", "recreate");
      assertThat(sandbox.docker.inspect(kas).orElseThrow().healthy()).isTrue();
      assertThat(sandbox.releaseOf("gbr", "kas")).isEqualTo("1.0.0");
      assertThat(sandbox.docker.inspect(kas).orElseThrow().labels())
          .containsEntry(StackLayout.LABEL_INSTANCE, "gbr");
      Poll.until(
          "the RECOVERED alert",
          Duration.ofSeconds(30),
          () -> !receiver.statusesOf(result.incident()).isEmpty());
      assertThat(receiver.statusesOf(result.incident())).containsExactly("RECOVERED");
      HealthWatchIT.awaitAlertsPosted(client, "gbr");
    }
  }

  private WorkerProcess worker(String name) {
    Map<String, String> env = new HashMap<>(sandbox.workerEnv());
    env.put("DIVE_OPS_ALERT_WEBHOOK", receiver.url());
    return WorkerProcess.start(
        DevServer.shared().address(),
        taskQueue,
        env,
        LOGS.resolve("worker-recover-" + name + "-" + taskQueue + ".log"));
  }
}
