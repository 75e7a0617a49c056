package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.api.registry.Finding;
import io.diveops.api.registry.ValidationReport;
import io.diveops.api.validate.ValidateRegistryInput;
import io.diveops.api.validate.ValidateRegistryWorkflow;
import io.diveops.worker.WorkerApplication;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ValidateRegistry runbook end to end: Spring worker in this JVM, real dev server. */
@SpringBootTest(
    classes = WorkerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ValidateRegistryIT {
  static final String TASK_QUEUE = "validate-it-" + UUID.randomUUID();
  static final Path SHARED = Path.of(System.getProperty("dive.shared", "../../shared"));
  static final Path REGISTRY =
      SHARED.resolve("dive-v3/federation-registry.json").toAbsolutePath().normalize();

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry properties) {
    DevServer server = DevServer.shared();
    properties.add("spring.temporal.connection.target", server::address);
    properties.add("spring.temporal.workers[0].task-queue", () -> TASK_QUEUE);
    properties.add("dive-ops.task-queue", () -> TASK_QUEUE);
    properties.add("dive-ops.registry", REGISTRY::toString);
    // The real registry's instances share container names with the sandbox's: watch none of them.
    properties.add("dive-ops.health-watch.enabled", () -> "false");
    properties.add("dive-ops.backups.schedules", () -> "false");
  }

  @Autowired WorkflowClient client;
  @Autowired TestRestTemplate http;
  @TempDir Path dir;

  @Test
  void theRealRegistryIsValidAndTheRunIsFoundBySearchAttribute() {
    String id = "validate-registry-it-" + UUID.randomUUID();
    ValidationReport report = workflow(id).validate(new ValidateRegistryInput(null));

    assertThat(report.valid()).isTrue();
    assertThat(report.registry()).isEqualTo(REGISTRY.toString());
    String query = "DiveRunbook = 'validate-registry' AND WorkflowId = '" + id + "'";
    Poll.until(
        "the run to be listed by " + query,
        Duration.ofSeconds(20),
        () ->
            client
                    .getWorkflowServiceStubs()
                    .blockingStub()
                    .listWorkflowExecutions(
                        ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace("default")
                            .setQuery(query)
                            .build())
                    .getExecutionsCount()
                == 1);
  }

  @Test
  void aPortCollisionIsReportedWithPathAndRule() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode registry = (ObjectNode) mapper.readTree(REGISTRY.toFile());
    ((ObjectNode) registry.at("/instances/gbr/services/backend")).put("externalPort", 4001);
    Path file = dir.resolve("federation-registry.json");
    Files.writeString(file, mapper.writeValueAsString(registry));
    Files.copy(
        SHARED.resolve("dive-v3/federation-registry.schema.json"),
        dir.resolve("federation-registry.schema.json"));

    ValidationReport report =
        workflow("validate-collision-" + UUID.randomUUID())
            .validate(new ValidateRegistryInput(file.toString()));

    assertThat(report.valid()).isFalse();
    assertThat(report.errors())
        .extracting(Finding::path, Finding::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "$.instances.gbr.services.backend.externalPort", "port-collision"));
  }

  @Test
  void aMissingFileFailsTheRunWithAClearReason() {
    assertThatThrownBy(
            () ->
                workflow("validate-missing-" + UUID.randomUUID())
                    .validate(new ValidateRegistryInput(dir.resolve("absent.json").toString())))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("registry file not found")
        .hasMessageContaining("absent.json");
  }

  @Test
  void actuatorHealthReportsTheTemporalConnection() {
    String health = http.getForObject("/actuator/health", String.class);
    assertThat(health).contains("\"status\":\"UP\"").contains("\"temporal\"").contains(TASK_QUEUE);
  }

  private ValidateRegistryWorkflow workflow(String id) {
    return client.newWorkflowStub(
        ValidateRegistryWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(id).build());
  }
}
