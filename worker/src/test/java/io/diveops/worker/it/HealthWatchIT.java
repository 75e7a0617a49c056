package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchStatus;
import io.diveops.api.health.HealthWatchWorkflow;
import io.diveops.api.health.RecoverInput;
import io.diveops.api.health.RecoverOutcome;
import io.diveops.api.health.RecoverResult;
import io.diveops.api.lock.LockActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HealthWatch and RecoverService on the real sandbox (FRA and GBR; USA is left to others): a killed
 * Redis, a removed backend, a crash-looping backend that needs a human, and a deploy holding the
 * instance. Each test leaves its instance healthy on release 1.0.0.
 */
class HealthWatchIT {
  static final String TASK_QUEUE = "health-it-" + UUID.randomUUID();
  static final Path HISTORIES = Path.of(System.getProperty("dive.buildDir", "target"), "histories");
  static final List<String> WATCHED = List.of("fra", "gbr");

  @TempDir static Path work;
  static DeployFixture sandbox;
  static AlertReceiver receiver;
  static WorkflowClient client;
  static WorkerFactory factory;

  @BeforeAll
  static void sandboxWorkerAndWatches() {
    sandbox = new DeployFixture(work);
    sandbox.brokenRelease("1.0.0-crash", "1.0.0", "backend", Map.of("DIVE_FAULT", "crash"), null);
    receiver = new AlertReceiver();
    client = DevServer.shared().client();
    factory =
        sandbox.inProcessWorker(
            client, TASK_QUEUE, work, receiver.url(), LockHolderWorkflow.Impl.class);
    for (String instance : WATCHED) {
      HealthWatchWorkflow watch =
          client.newWorkflowStub(
              HealthWatchWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TASK_QUEUE)
                  .setWorkflowId(HealthWatchInput.workflowId(instance))
                  .build());
      WorkflowClient.start(watch::watch, HealthWatchInput.of(instance, 2, 2));
    }
    for (String instance : WATCHED) {
      Poll.until(
          "HealthWatch " + instance + " to see every service healthy",
          Duration.ofMinutes(6),
          () -> {
            HealthWatchStatus status = watch(instance).status();
            return status.probes() > 0
                && status.services().stream().allMatch(s -> s.status().equals("healthy"));
          });
    }
  }

  @AfterAll
  static void stop() {
    WATCHED.forEach(instance -> awaitAlertsPosted(client, instance));
    for (String instance : WATCHED) {
      record(HealthWatchInput.workflowId(instance), "health-watch-" + instance);
      client.newUntypedWorkflowStub(HealthWatchInput.workflowId(instance)).terminate("test over");
    }
    factory.shutdownNow();
    receiver.close();
    sandbox.docker.close();
  }

  @Test
  void aKilledRedisIsHealthyAgainWithoutAnyoneActing() {
    String redis = sandbox.container("fra", "redis");
    long killed = dockerCli("kill", redis);
    long healthy = awaitHealthy(redis, Duration.ofSeconds(60));
    System.out.printf("fra redis: docker kill -> healthy in %d ms%n", healthy - killed);
    assertThat(healthy - killed)
        .as("T08: a dead container recovers within 60 s")
        .isLessThan(60_000);

    RecoverResult result = lastRecovery("fra", "redis", killed);
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.RECOVERED);
    assertThat(result.rungs())
        .extracting(RecoverResult.Rung::name)
        .containsExactly("lock", "restart");
    assertThat(result.sinceDetectedMs()).isNotNull();
    Poll.until(
        "the RECOVERED alert",
        Duration.ofSeconds(30),
        () -> !receiver.statusesOf(result.incident()).isEmpty());
    assertThat(receiver.statusesOf(result.incident())).containsExactly("RECOVERED");
    record(RecoverInput.workflowId("fra", "redis"), "recover-service-restart");
  }

  @Test
  void aRemovedBackendIsRecreatedFromItsRelease() {
    String backend = sandbox.container("gbr", "backend");
    long removed = dockerCli("rm", "-f", backend);
    long healthy = awaitHealthy(backend, Duration.ofSeconds(90));
    System.out.printf(
        "gbr backend: docker rm -f -> recreated and healthy in %d ms%n", healthy - removed);

    RecoverResult result = lastRecovery("gbr", "backend", removed);
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.RECOVERED);
    assertThat(result.rungs())
        .extracting(RecoverResult.Rung::name, RecoverResult.Rung::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("lock", "HELD"),
            org.assertj.core.groups.Tuple.tuple("restart", "FAILED"),
            org.assertj.core.groups.Tuple.tuple("recreate", "HEALTHY"));
    assertThat(result.rungs().get(2).detail()).contains("from release 1.0.0");
    ContainerState state = sandbox.docker.inspect(backend).orElseThrow();
    assertThat(state.labels())
        .containsEntry(StackLayout.LABEL_RELEASE, "1.0.0")
        .containsEntry(StackLayout.LABEL_MANAGED, "true")
        .containsEntry(StackLayout.LABEL_SERVICE, "backend")
        .containsEntry(StackLayout.LABEL_PROJECT, "dive-gbr");
    assertThat(sandbox.version("gbr", "backend")).isEqualTo("1.0.0");
  }

  @Test
  void aCrashingBackendWaitsForAHumanAndTheIncidentEndsByItselfOnceFixedByHand() throws Exception {
    String backend = sandbox.container("gbr", "backend");
    long broken = System.currentTimeMillis();
    replaceContainer("gbr", "backend", "1.0.0-crash");
    WorkflowStub run = awaitRun(RecoverInput.workflowId("gbr", "backend"), broken);
    Poll.until(
        "the recovery to wait for an operator",
        Duration.ofMinutes(3),
        () -> run.query("progress", String.class).startsWith("WAITING FOR AN OPERATOR"));
    String incident =
        RecoverInput.workflowId("gbr", "backend") + "/" + run.describe().getExecution().getRunId();
    Poll.until(
        "the FIRING alert",
        Duration.ofSeconds(30),
        () -> receiver.statusesOf(incident).contains("FIRING"));
    Poll.until(
        "HealthWatch to list the open incident",
        Duration.ofSeconds(30),
        () -> watch("gbr").status().incidents().containsKey("backend"));

    // The operator's hand fix, and no answer: the run sees the service healthy and ends the
    // incident.
    replaceContainer("gbr", "backend", "1.0.0");
    sandbox.docker.waitHealthy(backend, Duration.ofMinutes(1));
    RecoverResult result = run.getResult(2, TimeUnit.MINUTES, RecoverResult.class);

    assertThat(result.outcome()).isEqualTo(RecoverOutcome.RESOLVED);
    // A crash-looping container may be caught between crashes, in its start period: then the run
    // first waits it out (rung "starting"), as it should.
    assertThat(result.rungs())
        .extracting(RecoverResult.Rung::name)
        .containsSubsequence("lock", "restart", "recreate", "heal")
        .doesNotContain("human")
        .endsWith("heal");
    assertThat(result.rungs())
        .filteredOn(r -> r.name().equals("recreate"))
        .singleElement()
        .satisfies(r -> assertThat(r.detail()).contains("exited"));
    assertThat(result.incident()).isEqualTo(incident);
    Poll.until(
        "the RESOLVED alert",
        Duration.ofSeconds(30),
        () -> receiver.statusesOf(incident).contains("RESOLVED"));
    assertThat(receiver.statusesOf(incident)).containsExactly("FIRING", "RESOLVED");
    JsonNode firing =
        receiver.alerts().stream()
            .filter(a -> a.path("dedupKey").asText().equals(incident))
            .findFirst()
            .orElseThrow();
    assertThat(firing.path("severity").asText()).isEqualTo("warning");
    Poll.until(
        "HealthWatch to close the incident",
        Duration.ofSeconds(30),
        () -> !watch("gbr").status().incidents().containsKey("backend"));
    assertNoSecretIn(receiver.bodies());
    record(RecoverInput.workflowId("gbr", "backend"), "recover-service-self-healed");
    record("alerts-gbr", "alert-group");
  }

  @Test
  void aDeployHoldingTheInstanceIsNotFought() {
    String holderId = "deploy-instance-fra-stand-in-" + UUID.randomUUID();
    LockHolderWorkflow holder =
        client.newWorkflowStub(
            LockHolderWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(holderId).build());
    WorkflowClient.start(holder::hold, "fra");
    Poll.until(
        "the stand-in deploy to hold fra",
        Duration.ofSeconds(30),
        () ->
            holderId.equals(
                client
                    .newUntypedWorkflowStub(LockActivities.lockWorkflowId("fra"))
                    .query("holders", List.class)
                    .get(0)));

    String redis = sandbox.container("fra", "redis");
    int deferredBefore = watch("fra").status().deferrals();
    long killed = dockerCli("kill", redis);
    Poll.until(
        "HealthWatch to hold back twice",
        Duration.ofSeconds(60),
        () -> watch("fra").status().deferrals() >= deferredBefore + 2);
    assertThat(watch("fra").status().lastAction()).contains("locked by " + holderId);
    assertThat(startedSince("recover-fra-redis", killed))
        .as("no recovery while the deploy holds fra")
        .isFalse();
    assertThat(sandbox.docker.inspect(redis).orElseThrow().running()).isFalse();

    holder.finish();
    long healthy = awaitHealthy(redis, Duration.ofSeconds(60));
    assertThat(lastRecovery("fra", "redis", killed).outcome()).isEqualTo(RecoverOutcome.RECOVERED);
    System.out.printf(
        "fra redis killed while locked: healthy %d ms after the kill%n", healthy - killed);
  }

  /**
   * Whatever a test broke is put back: no recovery left open, every container on 1.0.0 and running.
   */
  @AfterEach
  void restoreBaseline() {
    for (String instance : WATCHED) {
      for (String service :
          StackLayout.services(sandbox.registry.instance(instance).orElseThrow())) {
        String name = sandbox.container(instance, service);
        var state = sandbox.docker.inspect(name);
        if (state.isPresent()
            && state.get().running()
            && "1.0.0".equals(state.get().labels().get(StackLayout.LABEL_RELEASE))) {
          continue;
        }
        try {
          client
              .newUntypedWorkflowStub(RecoverInput.workflowId(instance, service))
              .terminate("test cleanup");
        } catch (RuntimeException e) {
          // none open
        }
        replaceContainer(instance, service, "1.0.0");
        sandbox.docker.waitHealthy(name, Duration.ofMinutes(6));
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static HealthWatchWorkflow watch(String instance) {
    return client.newWorkflowStub(HealthWatchWorkflow.class, HealthWatchInput.workflowId(instance));
  }

  /** Runs the docker CLI (as an operator would) and returns when it was done (epoch ms). */
  static long dockerCli(String... args) {
    try {
      Process process =
          new ProcessBuilder(Stream.concat(Stream.of("docker"), Stream.of(args)).toList())
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor()).as("docker " + String.join(" ", args) + ": " + out).isZero();
      return System.currentTimeMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static long awaitHealthy(String container, Duration within) {
    Poll.until(
        container + " healthy",
        within,
        () -> sandbox.docker.inspect(container).map(ContainerState::healthy).orElse(false));
    return System.currentTimeMillis();
  }

  /**
   * Puts a container of {@code release} in place of the service's, as a hand (or a bad build)
   * would.
   */
  static void replaceContainer(String instance, String service, String release) {
    var containers = sandbox.containers();
    ContainerSpec spec =
        containers.spec(
            instance, sandbox.registry.instance(instance).orElseThrow(), service, release);
    sandbox.docker.remove(spec.name());
    sandbox.docker.create(spec);
    sandbox.docker.start(spec.name());
  }

  static WorkflowStub awaitRun(String workflowId, long since) {
    Poll.until(
        workflowId + " started after the fault",
        Duration.ofSeconds(60),
        () -> startedSince(workflowId, since));
    return client.newUntypedWorkflowStub(workflowId);
  }

  static RecoverResult lastRecovery(String instance, String service, long since) {
    try {
      return awaitRun(RecoverInput.workflowId(instance, service), since)
          .getResult(2, TimeUnit.MINUTES, RecoverResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "recovery of " + instance + "/" + service + " did not end within 2 min", e);
    }
  }

  /** Whether the latest run of {@code workflowId} started after {@code since} (epoch ms). */
  static boolean startedSince(String workflowId, long since) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStartTime().toEpochMilli()
          >= since;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  /**
   * Waits until the instance's alert group has posted everything and ended: a group left open on a
   * test's task queue (its worker gone) would swallow the next test's alerts, since its id is per
   * instance, not per queue.
   */
  static void awaitAlertsPosted(WorkflowClient client, String instance) {
    Poll.until(
        "alerts-" + instance + " to finish posting",
        Duration.ofSeconds(60),
        () -> {
          try {
            return client.newUntypedWorkflowStub("alerts-" + instance).describe().getStatus()
                != io.temporal.api.enums.v1.WorkflowExecutionStatus
                    .WORKFLOW_EXECUTION_STATUS_RUNNING;
          } catch (WorkflowNotFoundException e) {
            return true;
          }
        });
  }

  /** No value of the machine's secret store appears in anything the webhook received. */
  static void assertNoSecretIn(List<String> bodies) throws IOException {
    try (Stream<Path> files = Files.list(DeployFixture.SECRETS)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String secret = Files.readString(file).strip();
        if (secret.length() >= 8) {
          assertThat(bodies).noneMatch(b -> b.contains(secret));
        }
      }
    }
  }

  /**
   * Keeps the run's history for the replay test (copied to workflows/src/test/resources/histories).
   */
  static void record(String workflowId, String name) {
    try {
      Files.createDirectories(HISTORIES);
      Files.writeString(
          HISTORIES.resolve(name + ".json"), client.fetchHistory(workflowId).toJson(true));
    } catch (IOException | RuntimeException e) {
      System.err.println("history of " + workflowId + " not recorded: " + e);
    }
  }
}
