package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diveops.activities.deploy.DeployActivitiesImpl;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployInstanceWorkflow;
import io.diveops.api.deploy.DeployOutcome;
import io.diveops.api.deploy.DeployResult;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchWorkflow;
import io.diveops.api.lock.LockActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
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
      assertThat(result.outcome())
          .as(String.valueOf(result.failure()))
          .isEqualTo(DeployOutcome.DEPLOYED);
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
      assertThat(result.outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
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
          .isInstanceOf(WorkflowFailedException.class)
          .hasCauseInstanceOf(CanceledFailure.class);
      assertThat(run.query("progress", String.class))
          .isEqualTo("rolled back: previous version verified");
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
        DeployInstanceWorkflow deploy =
            own.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-restart"));
        WorkflowClient.start(
            deploy::deploy, new DeployInput("fra", "1.1.0", List.of("kas", "backend"), false));
        WorkflowStub run = WorkflowStub.fromTyped(deploy);
        awaitProgress(run, "replacing backend");
        server.stop();
        server.start();
        DeployResult result =
            own.newUntypedWorkflowStub(run.getExecution().getWorkflowId())
                .getResult(5, TimeUnit.MINUTES, DeployResult.class);
        assertThat(result.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
        assertThat(sandbox.version("fra", "backend")).isEqualTo("1.1.0");
        assertClean("fra");
        DeployInstanceWorkflow backDeploy =
            own.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-back"));
        WorkflowClient.start(backDeploy::deploy, new DeployInput("fra", "1.0.0", null, false));
        DeployResult back =
            WorkflowStub.fromTyped(backDeploy).getResult(6, TimeUnit.MINUTES, DeployResult.class);
        assertThat(back.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
      } finally {
        factory.shutdownNow();
      }
    }
  }

  @Test
  void aDeployTerminatedMidReplaceFreesItsLockAndTheNextDeployPutsTheRecordedReleaseBack()
      throws Exception {
    WorkerFactory factory = sandbox.inProcessWorker(client, taskQueue, work);
    HealthWatchWorkflow watch =
        client.newWorkflowStub(
            HealthWatchWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(HealthWatchInput.workflowId("gbr"))
                .build());
    WorkflowClient.start(watch::watch, HealthWatchInput.of("gbr", 2, 2));
    try {
      WorkflowStub run = start("gbr", "1.1.0");
      Poll.until(
          "the deploy to keep a previous container aside",
          Duration.ofMinutes(3),
          () -> !sandbox.leftovers("gbr").isEmpty());
      run.terminate("an operator pressed Terminate mid-replace");
      long terminated = System.currentTimeMillis();
      Poll.until(
          "the lock of gbr to be free", Duration.ofSeconds(45), () -> lockHolder("gbr").isEmpty());
      long freed = System.currentTimeMillis() - terminated;
      System.out.printf("gbr: deploy terminated mid-replace -> lock free in %d ms%n", freed);
      assertThat(freed)
          .as("a dead holder is released within 30 s (plus this test's polling)")
          .isLessThan(35_000);

      // HealthWatch acts on gbr again: a killed Redis comes back without anyone.
      String redis = sandbox.container("gbr", "redis");
      long killed = HealthWatchIT.dockerCli("kill", redis);
      Poll.until(
          redis + " healthy again",
          Duration.ofSeconds(90),
          () -> sandbox.docker.inspect(redis).map(ContainerState::healthy).orElse(false));
      System.out.printf(
          "gbr redis killed after the lock was freed: healthy in %d ms%n",
          System.currentTimeMillis() - killed);

      // The next deploy finds the kept container, puts the recorded release back and verifies
      // first.
      DeployResult next = start("gbr", "1.0.0").getResult(6, TimeUnit.MINUTES, DeployResult.class);
      assertThat(next.outcome())
          .as(String.valueOf(next.failure()))
          .isIn(DeployOutcome.NO_CHANGE, DeployOutcome.DEPLOYED);
      assertThat(next.stepMs()).containsKey("repair");
      assertThat(next.verifications()).isNotEmpty();
      assertThat(next.verifications().get(next.verifications().size() - 1).passed()).isTrue();
      assertThat(sandbox.version("gbr", "kas")).isEqualTo("1.0.0");
      assertThat(sandbox.version("gbr", "backend")).isEqualTo("1.0.0");
      assertClean("gbr");
    } finally {
      client.newUntypedWorkflowStub(HealthWatchInput.workflowId("gbr")).terminate("test over");
      HealthWatchIT.awaitAlertsPosted(client, "gbr");
      factory.shutdownNow();
    }
  }

  @Test
  void aServiceThatPrintsASecretAsItFailsLeavesNoSecretInHistoryWorkerLogOrAlerts()
      throws Exception {
    // The stand-in app prints an unknown DIVE_FAULT value before it exits: here, a real secret.
    String secret = Files.readString(DeployFixture.SECRETS.resolve("dive-v3-redis-gbr")).strip();
    sandbox.brokenRelease(
        "1.1.0-leaky", "1.1.0", "backend", java.util.Map.of("DIVE_FAULT", secret), null);
    Path log = LOGS.resolve("worker-deploy-leaky-" + taskQueue + ".log");
    try (WorkerProcess worker =
        WorkerProcess.start(DevServer.shared().address(), taskQueue, sandbox.workerEnv(), log)) {
      WorkflowStub run = start("gbr", "1.1.0-leaky");
      DeployResult result = resultOrDiagnosis(run, log);
      assertThat(result.outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
      assertThat(result.failure()).contains("exited with code", "docker logs --tail 20");

      // Every event of the run and of its child runs, the worker's whole log: no value of the
      // store.
      List<String> seen = new java.util.ArrayList<>();
      seen.add(Files.readString(log));
      List<String> runs = new java.util.ArrayList<>(List.of(run.getExecution().getWorkflowId()));
      for (int i = 0; i < runs.size(); i++) {
        var history = client.fetchHistory(runs.get(i));
        String json = history.toJson(false);
        seen.add(json);
        // Payloads (inputs, results, details) are base64 in the history: decoded, they are searched
        // too.
        var payload =
            java.util.regex.Pattern.compile("\"data\":\\s*\"([A-Za-z0-9+/=]+)\"").matcher(json);
        while (payload.find()) {
          seen.add(
              new String(
                  java.util.Base64.getDecoder().decode(payload.group(1)),
                  java.nio.charset.StandardCharsets.UTF_8));
        }
        history.getEvents().stream()
            .filter(e -> e.hasStartChildWorkflowExecutionInitiatedEventAttributes())
            .forEach(
                e ->
                    runs.add(
                        e.getStartChildWorkflowExecutionInitiatedEventAttributes()
                            .getWorkflowId()));
      }
      assertThat(runs).hasSizeGreaterThan(1);
      List<String> values = new java.util.ArrayList<>();
      try (var files = Files.list(DeployFixture.SECRETS)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String value = Files.readString(file).strip();
          if (value.length() >= 8) {
            values.add(value);
          }
        }
      }
      assertThat(values).contains(secret);
      for (String text : seen) {
        for (String value : values) {
          assertThat(text.contains(value))
              .as("a secret value in the history or the worker log")
              .isFalse();
        }
      }
      // History payloads are base64 in JSON: look at the decoded results too.
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(result))
          .doesNotContain(secret);
    }
    assertClean("gbr");
  }

  @Test
  void aReleaseRecordThatCannotBeWrittenLeavesTheKeptContainerForCompensation() throws Exception {
    var spec =
        sandbox
            .containers()
            .spec("gbr", sandbox.registry.instance("gbr").orElseThrow(), "kas", "1.0.0");
    String runId = "abcdefabcdef";
    String kept = spec.name() + "-prev-" + runId;
    // A kept previous container, as a deploy leaves it before its commit (created, never started).
    sandbox.docker.create(
        new ContainerSpec(
            kept,
            spec.image(),
            java.util.Map.of(),
            spec.labels(),
            List.of(),
            spec.network(),
            List.of(),
            java.util.Map.of(),
            spec.command(),
            spec.health()));
    Path instances = Files.createDirectories(work.resolve("unwritable-records"));
    Path record = Files.createDirectories(instances.resolve("gbr").resolve("release.json"));
    Files.writeString(record.resolve("in-the-way"), "a directory where the record should go");
    try {
      var deploy =
          new DeployActivitiesImpl(
              new EnabledInstances(DeployFixture.REGISTRY),
              sandbox.releases,
              new FileSecretStore(DeployFixture.SECRETS),
              instances,
              new DockerEngines(work.resolve("certs")));
      assertThatThrownBy(() -> deploy.commit("gbr", List.of("kas"), "1.1.0", "1.0.0", runId))
          .hasMessageContaining("release.json");
      assertThat(sandbox.docker.inspect(kept))
          .as("still there for compensation to swap back")
          .isPresent();
    } finally {
      sandbox.docker.remove(kept);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private String lockHolder(String instance) {
    try {
      List<?> holders =
          client
              .newUntypedWorkflowStub(LockActivities.lockWorkflowId(instance))
              .query("holders", List.class);
      return holders.isEmpty() ? "" : String.valueOf(holders.get(0));
    } catch (RuntimeException e) {
      return ""; // no lock workflow: nobody holds the instance
    }
  }

  /**
   * The run's result; when it does not come within 6 minutes (it takes about 30 s), what the run
   * was waiting for is printed before the test fails: who holds the lock, the pending activities
   * with their attempts and last failures, and the end of the worker's log.
   */
  private DeployResult resultOrDiagnosis(WorkflowStub run, Path log) throws IOException {
    try {
      return run.getResult(6, TimeUnit.MINUTES, DeployResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      var execution = run.getExecution();
      var described =
          DevServer.shared()
              .stubs()
              .blockingStub()
              .describeWorkflowExecution(
                  io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(execution)
                      .build());
      System.out.printf("%s did not finish in 6 minutes%n", execution.getWorkflowId());
      System.out.printf(
          "lock holders: usa=%s fra=%s gbr=%s%n",
          lockHolder("usa"), lockHolder("fra"), lockHolder("gbr"));
      described
          .getPendingActivitiesList()
          .forEach(
              a ->
                  System.out.printf(
                      "pending %s attempt %d state %s last failure %s%n",
                      a.getActivityType().getName(),
                      a.getAttempt(),
                      a.getState(),
                      a.getLastFailure().getMessage()));
      described
          .getPendingChildrenList()
          .forEach(c -> System.out.printf("pending child %s%n", c.getWorkflowId()));
      List<String> lines = Files.readAllLines(log);
      lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
      throw new AssertionError("the deploy did not finish in 6 minutes", e);
    }
  }

  private WorkerProcess worker(String name) {
    return WorkerProcess.start(
        DevServer.shared().address(),
        taskQueue,
        sandbox.workerEnv(),
        LOGS.resolve("worker-deploy-" + name + "-" + taskQueue + ".log"));
  }

  private WorkflowStub start(String instance, String release) {
    DeployInstanceWorkflow deploy =
        client.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-" + instance));
    WorkflowClient.start(deploy::deploy, new DeployInput(instance, release, null, false));
    return WorkflowStub.fromTyped(deploy);
  }

  private WorkflowOptions options(String prefix) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(taskQueue)
        .setWorkflowId(prefix + "-" + UUID.randomUUID())
        .build();
  }

  private static void awaitProgress(WorkflowStub run, String step) {
    Poll.until(
        "the deploy to reach '" + step + "'",
        Duration.ofMinutes(3),
        () -> run.query("progress", String.class).startsWith(step));
  }

  private void backTo(String instance, String release) throws Exception {
    DeployResult back = start(instance, release).getResult(6, TimeUnit.MINUTES, DeployResult.class);
    assertThat(back.outcome()).isIn(DeployOutcome.DEPLOYED, DeployOutcome.NO_CHANGE);
  }

  /** One container per service, none kept behind. */
  private static void assertClean(String instance) {
    assertThat(sandbox.leftovers(instance)).isEmpty();
    assertThat(sandbox.containersOf(instance)).hasSize(8);
  }
}
