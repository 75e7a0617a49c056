package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployInstanceWorkflow;
import io.diveops.api.deploy.DeployOutcome;
import io.diveops.api.deploy.DeployPlan;
import io.diveops.api.deploy.DeployResult;
import io.diveops.api.deploy.RollbackInput;
import io.diveops.api.deploy.RollbackInstanceWorkflow;
import io.diveops.api.verify.Verdict;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeployInstance and RollbackInstance on the real sandbox: deploys that verify, deploys whose new
 * version is broken and roll back, plans that reject, and the instance lock. Each test leaves the
 * instance on release 1.0.0.
 */
class DeployInstanceIT {
  static final String TASK_QUEUE = "deploy-it-" + UUID.randomUUID();

  @TempDir static Path work;
  static DeployFixture sandbox;
  static WorkerFactory factory;
  static WorkflowClient client;

  @BeforeAll
  static void sandboxAndWorker() {
    sandbox = new DeployFixture(work);
    client = DevServer.shared().client();
    factory = sandbox.inProcessWorker(client, TASK_QUEUE, work);
  }

  @AfterAll
  static void stop() {
    factory.shutdownNow();
    sandbox.docker.close();
  }

  /** Every test leaves its instances on 1.0.0 with no kept containers around. */
  @AfterEach
  void backToBaseline() {
    for (String instance : List.of("fra", "gbr")) {
      DeployResult result = deploy(instance, "1.0.0", null, false);
      assertThat(result.outcome()).isIn(DeployOutcome.DEPLOYED, DeployOutcome.NO_CHANGE);
      assertThat(sandbox.leftovers(instance)).isEmpty();
    }
  }

  @Test
  void aDryRunPlansTheAppServicesAndTouchesNothing() {
    DeployResult result = deploy("fra", "1.1.0", null, true);
    assertThat(result.outcome()).isEqualTo(DeployOutcome.PLANNED);
    assertThat(result.plan().fromRelease()).isEqualTo("1.0.0");
    assertThat(result.plan().changedServices()).containsExactly("kas", "backend", "frontend");
    assertThat(result.plan().unchanged())
        .containsExactly("postgres", "mongodb", "redis", "keycloak", "opa");
    assertThat(result.plan().changes())
        .extracting(DeployPlan.ServiceChange::reason)
        .allSatisfy(r -> assertThat(r).isEqualTo("image dive-ops/app:1.0.0 -> dive-ops/app:1.1.0"));
    assertThat(sandbox.releaseOf("fra", "backend")).isEqualTo("1.0.0");
  }

  @Test
  void aDeployVerifiesAndARollbackReturnsToThePreviousRelease() throws Exception {
    DeployResult deployed = deploy("fra", "1.1.0", null, false);
    assertThat(deployed.outcome())
        .as(deployed.failure() + "; " + deployed.verifications())
        .isEqualTo(DeployOutcome.DEPLOYED);
    assertThat(deployed.checkpoint().containers())
        .extracting(c -> c.service())
        .containsExactly("kas", "backend", "frontend");
    assertThat(deployed.checkpoint().containers().get(0).envKeys()).contains("DIVE_SERVICE");
    assertThat(deployed.verifications())
        .singleElement()
        .satisfies(v -> assertThat(v.outcome()).isEqualTo(Verdict.PASS));
    assertThat(sandbox.version("fra", "backend")).isEqualTo("1.1.0");
    assertThat(sandbox.releaseOf("fra", "frontend")).isEqualTo("1.1.0");
    assertThat(sandbox.leftovers("fra")).isEmpty();
    assertThat(DeployFixture.JSON.writeValueAsString(deployed))
        .doesNotContain(new FileSecretStore(DeployFixture.SECRETS).resolve("dive-v3-redis-fra"));

    RollbackInstanceWorkflow rollback =
        client.newWorkflowStub(RollbackInstanceWorkflow.class, options("rollback-fra"));
    WorkflowClient.start(rollback::rollback, new RollbackInput("fra", null));
    DeployResult rolledBack =
        WorkflowStub.fromTyped(rollback).getResult(6, TimeUnit.MINUTES, DeployResult.class);
    assertThat(rolledBack.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
    assertThat(rolledBack.plan().toRelease()).isEqualTo("1.0.0");
    assertThat(sandbox.version("fra", "backend")).isEqualTo("1.0.0");
  }

  @Test
  void anUnhealthyBackendRollsBackToTheVerifiedPreviousVersion() throws Exception {
    DeployResult result = deploy("gbr", "1.1.0-unhealthy", null, false);
    assertThat(result.outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
    assertThat(result.failedStep()).isEqualTo("replace backend");
    assertThat(result.failure()).contains("dive-v3-backend-gbr").contains("unhealthy");
    assertThat(result.recoveryMs()).isPositive().isLessThan(Duration.ofMinutes(2).toMillis());
    assertThat(result.verifications())
        .last()
        .satisfies(v -> assertThat(v.outcome()).isEqualTo(Verdict.PASS));
    assertThat(sandbox.version("gbr", "backend")).isEqualTo("1.0.0");
    assertThat(sandbox.version("gbr", "kas")).isEqualTo("1.0.0");
    assertThat(sandbox.leftovers("gbr")).isEmpty();
  }

  @Test
  void aCrashingBackendRollsBack() throws Exception {
    DeployResult result = deploy("gbr", "1.1.0-crash", List.of("backend"), false);
    assertThat(result.outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
    assertThat(result.failure()).contains("exited with code 1");
    assertThat(sandbox.version("gbr", "backend")).isEqualTo("1.0.0");
  }

  @Test
  void anUnknownImageIsRejectedAtPlanTimeAndNothingChanges() {
    String before = sandbox.docker.inspect(sandbox.container("fra", "backend")).orElseThrow().id();
    assertThatThrownBy(() -> deploy("fra", "1.1.0-noimage", null, false))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("dive-ops/app:9.9.9")
        .hasMessageContaining("not on the Docker host");
    assertThat(sandbox.docker.inspect(sandbox.container("fra", "backend")).orElseThrow().id())
        .isEqualTo(before);
    assertThatThrownBy(() -> deploy("fra", "1.1.0", List.of("cloudflared-x"), false))
        .rootCause()
        .hasMessageContaining("unknown service 'cloudflared-x'");
    assertThatThrownBy(() -> deploy("fra", "7.7.7", null, false))
        .rootCause()
        .hasMessageContaining("release 7.7.7 does not exist");
  }

  @Test
  void deploysOnOneInstanceQueueWhileAnotherInstanceProceeds() throws Exception {
    DeployInstanceWorkflow first =
        client.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-fra-first"));
    WorkflowClient.start(first::deploy, new DeployInput("fra", "1.1.0", List.of("backend"), false));
    String firstId = WorkflowStub.fromTyped(first).getExecution().getWorkflowId();
    Poll.until(
        "the first FRA deploy to hold the lock",
        Duration.ofSeconds(30),
        () -> first.progress().startsWith("replacing") || first.progress().startsWith("verifying"));

    DeployInstanceWorkflow second =
        client.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-fra-second"));
    WorkflowClient.start(second::deploy, new DeployInput("fra", "1.1.0", List.of("kas"), false));
    DeployInstanceWorkflow other =
        client.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-gbr"));
    WorkflowClient.start(other::deploy, new DeployInput("gbr", "1.1.0", List.of("kas"), false));

    String waiting =
        Poll.until(
            "the second FRA deploy to say whom it waits for",
            Duration.ofSeconds(30),
            () -> {
              String p = second.progress();
              return p.contains("held by") ? p : null;
            });
    assertThat(waiting).contains("waiting for the lock of fra").contains(firstId);

    DeployResult a =
        WorkflowStub.fromTyped(first).getResult(5, TimeUnit.MINUTES, DeployResult.class);
    DeployResult b =
        WorkflowStub.fromTyped(second).getResult(5, TimeUnit.MINUTES, DeployResult.class);
    DeployResult c =
        WorkflowStub.fromTyped(other).getResult(5, TimeUnit.MINUTES, DeployResult.class);
    assertThat(List.of(a.outcome(), b.outcome(), c.outcome())).containsOnly(DeployOutcome.DEPLOYED);
    assertThat(b.stepMs().get("lock")).as("FRA's second deploy waited").isGreaterThan(1000);
    assertThat(c.stepMs().get("lock"))
        .as("GBR did not wait for FRA")
        .isLessThan(b.stepMs().get("lock"));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A deploy, waited for with a deadline: a run stuck waiting for an operator fails the test. */
  static DeployResult deploy(
      String instance, String release, List<String> services, boolean dryRun) {
    DeployInstanceWorkflow deploy =
        client.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-" + instance));
    WorkflowClient.start(deploy::deploy, new DeployInput(instance, release, services, dryRun));
    WorkflowStub run = WorkflowStub.fromTyped(deploy);
    try {
      return run.getResult(6, TimeUnit.MINUTES, DeployResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "deploy of "
              + release
              + " on "
              + instance
              + " still running after 6 min: "
              + run.query("progress", String.class),
          e);
    }
  }

  static WorkflowOptions options(String prefix) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(TASK_QUEUE)
        .setWorkflowId(prefix + "-" + UUID.randomUUID())
        .build();
  }
}
