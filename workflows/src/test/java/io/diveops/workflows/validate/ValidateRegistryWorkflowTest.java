package io.diveops.workflows.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.FailureType;
import io.diveops.api.registry.Finding;
import io.diveops.api.registry.RegistryActivities;
import io.diveops.api.registry.ValidationReport;
import io.diveops.api.validate.ValidateRegistryInput;
import io.diveops.api.validate.ValidateRegistryWorkflow;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ValidateRegistryWorkflowTest {
  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(ValidateRegistryWorkflowImpl.class);

  private final RegistryActivities activities = temporal.mock(RegistryActivities.class);

  @Test
  void returnsTheActivityReportAndTagsTheRun() {
    ValidationReport report =
        ValidationReport.of(
            "r.json", List.of(new Finding("$.x", "port-collision", "taken")), List.of());
    when(activities.validateRegistry("r.json")).thenReturn(report);
    ValidateRegistryWorkflow run = temporal.workflow(ValidateRegistryWorkflow.class, "validate-1");
    ValidationReport result = run.validate(new ValidateRegistryInput("r.json"));

    assertThat(result).isEqualTo(report);
    assertThat(result.valid()).isFalse();
    var attributes =
        temporal
            .client()
            .newUntypedWorkflowStub("validate-1")
            .describe()
            .getTypedSearchAttributes();
    assertThat(attributes.get(Runbooks.DIVE_RUNBOOK)).isEqualTo("validate-registry");
  }

  @Test
  void anUnusableRegistryFailsTheRunWithoutRetrying() {
    when(activities.validateRegistry(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "registry file not found: x", FailureType.UNUSABLE_REGISTRY.type()));
    ValidateRegistryWorkflow run = temporal.workflow(ValidateRegistryWorkflow.class);
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
