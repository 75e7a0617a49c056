package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.registry.RegistryActivitiesImpl;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.api.registry.ValidationReport;
import io.diveops.api.validate.ValidateRegistryInput;
import io.diveops.api.validate.ValidateRegistryWorkflow;
import io.diveops.worker.RunbookCatalog;
import io.diveops.workflows.ActivityPolicies;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History lives in the SQLite file: a stopped and restarted dev server still lists earlier runs.
 */
class DevServerRestartIT {
  @TempDir Path dir;

  @Test
  void runsSurviveAServerRestart() throws Exception {
    Path registry =
        Path.of(
            System.getProperty("dive.shared", "../../shared"), "dive-v3/federation-registry.json");
    String id = "validate-before-restart-" + UUID.randomUUID();
    try (DevServer server = new DevServer(dir.resolve("restart.db")).start()) {
      WorkflowClient client = server.client();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      var worker = factory.newWorker("restart-it");
      worker.registerWorkflowImplementationTypes(
          ActivityPolicies.options(), RunbookCatalog.RUNBOOKS.toArray(Class<?>[]::new));
      worker.registerActivitiesImplementations(
          new RegistryActivitiesImpl(new RegistryValidator(), registry, Optional.empty()));
      factory.start();
      ValidationReport report =
          client
              .newWorkflowStub(
                  ValidateRegistryWorkflow.class,
                  WorkflowOptions.newBuilder().setTaskQueue("restart-it").setWorkflowId(id).build())
              .validate(new ValidateRegistryInput(null));
      assertThat(report.valid()).isTrue();
      factory.shutdownNow();

      server.stop();
      assertThat(Files.size(dir.resolve("restart.db"))).isPositive();
      server.start();

      String query = "WorkflowId = '" + id + "'";
      var listed =
          Poll.until(
              "the earlier run to be listed after restart",
              Duration.ofSeconds(30),
              () -> {
                var executions =
                    server
                        .client()
                        .getWorkflowServiceStubs()
                        .blockingStub()
                        .listWorkflowExecutions(
                            ListWorkflowExecutionsRequest.newBuilder()
                                .setNamespace("default")
                                .setQuery(query)
                                .build())
                        .getExecutionsList();
                return executions.isEmpty() ? null : executions.get(0);
              });
      assertThat(listed.getStatus())
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assertThat(listed.getType().getName()).isEqualTo("ValidateRegistry");
    }
  }
}
