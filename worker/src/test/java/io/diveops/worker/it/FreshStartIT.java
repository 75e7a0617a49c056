package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.stack.InstanceStack;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchStatus;
import io.diveops.api.health.HealthWatchWorkflow;
import io.diveops.api.health.RecoverInput;
import io.diveops.api.health.RecoverOutcome;
import io.diveops.api.health.RecoverResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first start, made here from nothing whatever the machine already holds: GBR's containers are
 * removed and its release record is gone, a worker with HealthWatch runs before the stack exists,
 * then the stack comes up. Nothing may be "recovered" or paged on the way, and afterwards a killed
 * service is recovered as usual.
 */
class FreshStartIT {
  @TempDir Path work;

  @Test
  void aWatchStartedBeforeTheStackExistsNeitherRecoversNorPagesAndWorksOnceItIsUp()
      throws Exception {
    DeployFixture sandbox = new DeployFixture(work);
    String taskQueue = "fresh-start-" + UUID.randomUUID();
    WorkflowClient client = DevServer.shared().client();
    var gbr = sandbox.registry.instance("gbr").orElseThrow();
    // Never provisioned: no container, no record (data volumes may stay: a reinstall keeps them).
    new InstanceStack(
            sandbox.docker, new FileSecretStore(DeployFixture.SECRETS), System.out::println)
        .down(gbr, false);
    Files.deleteIfExists(sandbox.instances.resolve("gbr").resolve("release.json"));
    long since = System.currentTimeMillis();

    try (AlertReceiver receiver = new AlertReceiver()) {
      WorkerFactory factory = sandbox.inProcessWorker(client, taskQueue, work, receiver.url());
      HealthWatchWorkflow watch =
          client.newWorkflowStub(
              HealthWatchWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(taskQueue)
                  .setWorkflowId(HealthWatchInput.workflowId("gbr"))
                  .build());
      WorkflowClient.start(watch::watch, HealthWatchInput.of("gbr", 2, 2));
      try {
        Poll.until(
            "HealthWatch to look at gbr a few times",
            Duration.ofSeconds(60),
            () -> watch.status().probes() >= 5);
        HealthWatchStatus before = watch.status();
        assertThat(before.provisioned()).isFalse();
        assertThat(before.services()).allMatch(s -> s.status().equals("not provisioned"));

        // The stack comes up while the watch runs (Keycloak spends a while in its start period).
        assertThat(DeployFixture.sandbox(sandbox.instances).run("up")).isZero();
        Poll.until(
            "HealthWatch to see gbr provisioned and healthy",
            Duration.ofMinutes(2),
            () -> {
              HealthWatchStatus status = watch.status();
              return status.provisioned()
                  && status.services().stream().allMatch(s -> s.status().equals("healthy"));
            });
        for (String service : StackLayout.services(gbr)) {
          assertThat(startedSince(client, RecoverInput.workflowId("gbr", service), since))
              .as("no recovery of gbr/" + service + " on a first start")
              .isFalse();
        }
        assertThat(receiver.alerts()).as("no alert on a first start").isEmpty();

        // From now on a dead service is a failure, recovered as usual.
        String opa = sandbox.container("gbr", "opa");
        long killed = HealthWatchIT.dockerCli("kill", opa);
        Poll.until(
            opa + " healthy again",
            Duration.ofSeconds(60),
            () -> sandbox.docker.inspect(opa).map(ContainerState::healthy).orElse(false));
        System.out.printf(
            "fresh start: gbr opa docker kill -> healthy in %d ms%n",
            System.currentTimeMillis() - killed);
        RecoverResult result =
            client
                .newUntypedWorkflowStub(RecoverInput.workflowId("gbr", "opa"))
                .getResult(2, TimeUnit.MINUTES, RecoverResult.class);
        assertThat(result.outcome()).isEqualTo(RecoverOutcome.RECOVERED);
      } finally {
        client.newUntypedWorkflowStub(HealthWatchInput.workflowId("gbr")).terminate("test over");
        HealthWatchIT.awaitAlertsPosted(client, "gbr");
        factory.shutdownNow();
        sandbox.docker.close();
      }
    }
  }

  private static boolean startedSince(WorkflowClient client, String workflowId, long since) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStartTime().toEpochMilli()
          >= since;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }
}
