package io.diveops.workflows.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.diveops.api.FailureType;
import io.diveops.api.verify.CheckResult;
import io.diveops.api.verify.InstanceSummary;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.diveops.api.verify.VerifyActivities;
import io.diveops.api.verify.VerifyInstanceInput;
import io.diveops.api.verify.VerifyInstanceWorkflow;
import io.diveops.workflows.ActivityPolicies;
import io.diveops.workflows.RunbookTestEnvironment;
import io.diveops.workflows.Runbooks;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerifyInstanceWorkflowTest {
  private TestWorkflowEnvironment env;
  private Worker worker;
  private WorkflowClient client;
  private final VerifyActivities activities =
      mock(VerifyActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void start() {
    env = RunbookTestEnvironment.create();
    worker = env.newWorker(Runbooks.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        ActivityPolicies.options(), VerifyInstanceWorkflowImpl.class);
    when(activities.describeInstance("fra"))
        .thenReturn(new InstanceSummary("fra", "FRA", List.of("redis"), List.of("usa")));
    when(activities.checkContainers(anyString()))
        .thenReturn(CheckResult.pass("containers", 5, "all healthy"));
    when(activities.checkHttpHealth(anyString()))
        .thenReturn(CheckResult.pass("http-health", 5, "200s"));
    when(activities.checkOidcToken(anyString()))
        .thenReturn(CheckResult.pass("oidc-token", 5, "token"));
    when(activities.checkIdentityProviders(anyString()))
        .thenReturn(CheckResult.pass("identity-providers", 5, "usa-idp enabled"));
    when(activities.checkPolicyDecisions(anyString()))
        .thenReturn(CheckResult.pass("policy-decisions", 5, "13/13"));
    when(activities.checkDatastores(anyString()))
        .thenReturn(CheckResult.pass("datastores", 5, "ok"));
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
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
        client.newUntypedWorkflowStub("verify-1").describe().getTypedSearchAttributes();
    assertThat(attributes.get(Runbooks.DIVE_INSTANCE)).isEqualTo("fra");
    assertThat(attributes.get(Runbooks.DIVE_RUNBOOK)).isEqualTo("verify-instance");
  }

  @Test
  void oneFailingCheckFailsTheVerificationAndIsNamed() {
    when(activities.checkDatastores(anyString()))
        .thenReturn(CheckResult.fail("datastores", 3, "redis PING failed"));
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
    worker.registerActivitiesImplementations(activities);
    env.start();
    VerifyInstanceWorkflow workflow =
        client.newWorkflowStub(
            VerifyInstanceWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(Runbooks.TASK_QUEUE).build());
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
    worker.registerActivitiesImplementations(activities);
    env.start();
    return client
        .newWorkflowStub(
            VerifyInstanceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(Runbooks.TASK_QUEUE)
                .setWorkflowId(id)
                .build())
        .verify(new VerifyInstanceInput("fra", 60));
  }
}
