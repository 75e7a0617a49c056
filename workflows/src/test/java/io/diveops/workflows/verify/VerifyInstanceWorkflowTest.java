package io.diveops.workflows.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import io.diveops.api.FailureType;
import io.diveops.api.verify.CheckResult;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.diveops.api.verify.VerifyActivities;
import io.diveops.api.verify.VerifyInstanceInput;
import io.diveops.api.verify.VerifyInstanceWorkflow;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.VerifyChecks;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VerifyInstanceWorkflowTest {
  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(VerifyInstanceWorkflowImpl.class);

  private final VerifyActivities activities = temporal.mock(VerifyActivities.class);

  @BeforeEach
  void stubs() {
    VerifyChecks.passing(activities, "fra");
  }

  @Test
  void allChecksPassingIsPassAndTheRunIsTaggedWithTheInstance() {
    VerificationReport report = run("verify-1");
    assertThat(report.outcome()).isEqualTo(Verdict.PASS);
    assertThat(report.checks())
        .extracting(CheckResult::name)
        .containsExactly(
            "containers",
            "http-health",
            "oidc-token",
            "identity-providers",
            "policy-decisions",
            "datastores");
    var attributes =
        temporal.client().newUntypedWorkflowStub("verify-1").describe().getTypedSearchAttributes();
    assertThat(attributes.get(Runbooks.DIVE_INSTANCE)).isEqualTo("fra");
    assertThat(attributes.get(Runbooks.DIVE_RUNBOOK)).isEqualTo("verify-instance");
  }

  @Test
  void oneFailingCheckFailsTheVerificationAndIsNamed() {
    VerifyChecks.failing(activities, VerifyActivities.DATASTORES);
    VerificationReport report = run("verify-2");
    assertThat(report.outcome()).isEqualTo(Verdict.FAIL);
    assertThat(report.failedChecks()).containsExactly("datastores");
  }

  @Test
  void aCheckThatCannotRunIsAFailedCheckNotAFailedRun() {
    when(activities.checkOidcToken(anyString()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure("secret 'x' does not exist", "Broken"));
    VerificationReport report = run("verify-3");
    assertThat(report.failedChecks()).containsExactly("oidc-token");
    assertThat(report.checks().get(2).evidence())
        .contains("could not run")
        .contains("secret 'x' does not exist");
  }

  @Test
  void anUnknownInstanceFailsTheRunWithoutChecking() {
    when(activities.describeInstance("xyz"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "instance 'xyz' is not in the registry", FailureType.UNKNOWN_INSTANCE.type()));
    VerifyInstanceWorkflow workflow = temporal.workflow(VerifyInstanceWorkflow.class);
    assertThatThrownBy(() -> workflow.verify(new VerifyInstanceInput("xyz", null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("instance 'xyz' is not in the registry");
    org.mockito.Mockito.verify(activities, org.mockito.Mockito.never())
        .checkContainers(anyString());
  }

  @Test
  void theBudgetDefaultsToFiveMinutes() {
    assertThat(new VerifyInstanceInput("fra", null).budget()).isEqualTo(300);
    assertThat(new VerifyInstanceInput("fra", 30).budget()).isEqualTo(30);
  }

  private VerificationReport run(String id) {
    return temporal
        .workflow(VerifyInstanceWorkflow.class, id)
        .verify(new VerifyInstanceInput("fra", 60));
  }
}
