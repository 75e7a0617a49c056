package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diveops.workflows.deploy.DeployInput;
import io.diveops.workflows.deploy.DeployInstanceWorkflow;
import io.diveops.workflows.deploy.DeployResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults during a deploy on the real sandbox: the worker SIGKILLed while replacing and while
 * compensating, the deploy cancelled from outside, the server restarted. Each run must still end
 * right, with one container per service and no kept container left behind.
 */
class DeployFaultsIT {
  static final Path LOGS = Path.of(System.getProperty("dive.buildDir", "target"));
  @TempDir static Path work;
  static DeployFixture sandbox;
  final String taskQueue = "deploy-faults-" + UUID.randomUUID();
  final WorkflowClient client = DevServer.shared().client();

  @BeforeAll
  static void up() {
    sandbox = new DeployFixture(work);
  }

  @AfterAll
  static void close() {
    sandbox.docker.close();
  }

  @Test
  void aWorkerKilledWhileReplacingLosesNothing() throws Exception {
    WorkflowStub run;
    try (WorkerProcess first = worker("replace-1")) {
      run = start("gbr", "1.1.0");
      awaitProgress(run, "replacing backend");
      first.kill();
    }
    try (WorkerProcess second = worker("replace-2")) {
      DeployResult result = run.getResult(5, TimeUnit.MINUTES, DeployResult.class);
      assertThat(result.outcome()).as(String.valueOf(result.failure())).isEqualTo(DeployResult.DEPLOYED);
      assertThat(sandbox.version("gbr", "backend")).isEqualTo("1.1.0");
      assertClean("gbr");
      backTo("gbr", "1.0.0");
    }
  }

  @Test
  void aWorkerKilledWhileCompensatingStillRollsBack() throws Exception {
    WorkflowStub run;
    try (WorkerProcess first = worker("compensate-1")) {
      run = start("gbr", "1.1.0-unhealthy");
      awaitProgress(run, "rolling back");
      first.kill();
    }
    try (WorkerProcess second = worker("compensate-2")) {
      DeployResult result = run.getResult(5, TimeUnit.MINUTES, DeployResult.class);
      assertThat(result.outcome()).isEqualTo(DeployResult.ROLLED_BACK);
      assertThat(sandbox.version("gbr", "backend")).isEqualTo("1.0.0");
      assertThat(sandbox.version("gbr", "kas")).isEqualTo("1.0.0");
      assertClean("gbr");
    }
  }

  @Test
  void aCancelledDeployRollsBack() throws Exception {
    try (WorkerProcess worker = worker("cancel")) {
      WorkflowStub run = start("fra", "1.1.0");
      awaitProgress(run, "replacing backend");
      run.cancel();
      // The run ends Canceled, as asked, but only after it compensated: its last word says so.
      assertThatThrownBy(() -> run.getResult(5, TimeUnit.MINUTES, DeployResult.class))
          .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
      assertThat(run.query("progress", String.class)).isEqualTo("rolled back: previous version verified");
      assertThat(sandbox.version("fra", "kas")).isEqualTo("1.0.0");
      assertThat(sandbox.version("fra", "backend")).isEqualTo("1.0.0");
      assertClean("fra");
    }
  }

  @Test
  void aDeployContinuesAcrossAServerRestart() throws Exception {
    try (DevServer server = new DevServer(work.resolve("restart.db")).start()) {
      WorkflowClient own = server.independentClient();
      WorkerFactory factory = sandbox.inProcessWorker(own, taskQueue, work);
      try {
        DeployInstanceWorkflow deploy = own.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-restart"));
        WorkflowClient.start(deploy::deploy, new DeployInput("fra", "1.1.0", List.of("kas", "backend"), false));
        WorkflowStub run = WorkflowStub.fromTyped(deploy);
        awaitProgress(run, "replacing backend");
        server.stop();
        server.start();
        DeployResult result = own.newUntypedWorkflowStub(run.getExecution().getWorkflowId())
            .getResult(5, TimeUnit.MINUTES, DeployResult.class);
        assertThat(result.outcome()).isEqualTo(DeployResult.DEPLOYED);
        assertThat(sandbox.version("fra", "backend")).isEqualTo("1.1.0");
        assertClean("fra");
        DeployInstanceWorkflow backDeploy = own.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-back"));
        WorkflowClient.start(backDeploy::deploy, new DeployInput("fra", "1.0.0", null, false));
        DeployResult back = WorkflowStub.fromTyped(backDeploy).getResult(6, TimeUnit.MINUTES, DeployResult.class);
        assertThat(back.outcome()).isEqualTo(DeployResult.DEPLOYED);
      } finally {
        factory.shutdownNow();
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private WorkerProcess worker(String name) {
    return WorkerProcess.start(DevServer.shared().address(), taskQueue, sandbox.workerEnv(),
        LOGS.resolve("worker-deploy-" + name + "-" + taskQueue + ".log"));
  }

  private WorkflowStub start(String instance, String release) {
    DeployInstanceWorkflow deploy = client.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-" + instance));
    WorkflowClient.start(deploy::deploy, new DeployInput(instance, release, null, false));
    return WorkflowStub.fromTyped(deploy);
  }

  private WorkflowOptions options(String prefix) {
    return WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(prefix + "-" + UUID.randomUUID()).build();
  }

  private static void awaitProgress(WorkflowStub run, String step) {
    Poll.until("the deploy to reach '" + step + "'", Duration.ofMinutes(3),
        () -> run.query("progress", String.class).startsWith(step));
  }

  private void backTo(String instance, String release) throws Exception {
    DeployResult back = start(instance, release).getResult(6, TimeUnit.MINUTES, DeployResult.class);
    assertThat(back.outcome()).isIn(DeployResult.DEPLOYED, DeployResult.NO_CHANGE);
  }

  /** One container per service, none kept behind. */
  private static void assertClean(String instance) {
    assertThat(sandbox.leftovers(instance)).isEmpty();
    assertThat(sandbox.containersOf(instance)).hasSize(8);
  }
}
