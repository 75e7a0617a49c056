package io.diveops.workflows.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.diveops.api.FailureType;
import io.diveops.api.registry.Finding;
import io.diveops.api.registry.RegistryActivities;
import io.diveops.api.registry.ValidationReport;
import io.diveops.api.validate.ValidateRegistryInput;
import io.diveops.api.validate.ValidateRegistryWorkflow;
import io.diveops.workflows.ActivityPolicies;
import io.diveops.workflows.RunbookTestEnvironment;
import io.diveops.workflows.Runbooks;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidateRegistryWorkflowTest {
  private TestWorkflowEnvironment env;
  private Worker worker;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = RunbookTestEnvironment.create();
    worker = env.newWorker(Runbooks.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        ActivityPolicies.options(), ValidateRegistryWorkflowImpl.class);
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void returnsTheActivityReportAndTagsTheRun() {
    RegistryActivities activities =
        mock(RegistryActivities.class, withSettings().withoutAnnotations());
    ValidationReport report =
        ValidationReport.of(
            "r.json", List.of(new Finding("$.x", "port-collision", "taken")), List.of());
    when(activities.validateRegistry("r.json")).thenReturn(report);
    worker.registerActivitiesImplementations(activities);
    env.start();

    ValidateRegistryWorkflow run =
        client.newWorkflowStub(
            ValidateRegistryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(Runbooks.TASK_QUEUE)
                .setWorkflowId("validate-1")
                .build());
    ValidationReport result = run.validate(new ValidateRegistryInput("r.json"));

    assertThat(result).isEqualTo(report);
    assertThat(result.valid()).isFalse();
    var attributes =
        client.newUntypedWorkflowStub("validate-1").describe().getTypedSearchAttributes();
    assertThat(attributes.get(Runbooks.DIVE_RUNBOOK)).isEqualTo("validate-registry");
  }

  @Test
  void anUnusableRegistryFailsTheRunWithoutRetrying() {
    RegistryActivities activities =
        mock(RegistryActivities.class, withSettings().withoutAnnotations());
    when(activities.validateRegistry(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "registry file not found: x", FailureType.UNUSABLE_REGISTRY.type()));
    worker.registerActivitiesImplementations(activities);
    env.start();

    ValidateRegistryWorkflow run =
        client.newWorkflowStub(
            ValidateRegistryWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(Runbooks.TASK_QUEUE).build());
    assertThatThrownBy(() -> run.validate(new ValidateRegistryInput("x")))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .hasMessageContaining("registry file not found");
    verify(activities, org.mockito.Mockito.times(1)).validateRegistry("x");
  }

  @Test
  void runbookIdsFollowTheWorkflowType() {
    assertThat(Runbooks.idOf("ValidateRegistry")).isEqualTo("validate-registry");
    assertThat(Runbooks.idOf("DeployInstance")).isEqualTo("deploy-instance");
    assertThat(Runbooks.idOf("VerifyBackup")).isEqualTo("verify-backup");
  }
}
