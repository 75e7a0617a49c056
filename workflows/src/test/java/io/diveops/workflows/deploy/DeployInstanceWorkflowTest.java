package io.diveops.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.FailureType;
import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.Severity;
import io.diveops.api.deploy.Checkpoint;
import io.diveops.api.deploy.DeployActivities;
import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployInstanceWorkflow;
import io.diveops.api.deploy.DeployOutcome;
import io.diveops.api.deploy.DeployPlan;
import io.diveops.api.deploy.DeployResult;
import io.diveops.api.deploy.RollbackInput;
import io.diveops.api.deploy.RollbackInstanceWorkflow;
import io.diveops.api.verify.CheckResult;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerifyActivities;
import io.diveops.workflows.VerifyChecks;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.diveops.workflows.verify.VerifyInstanceWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deploy logic with mocked steps: outcomes, compensation order, escalation. */
class DeployInstanceWorkflowTest {
  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(
              DeployInstanceWorkflowImpl.class,
              RollbackInstanceWorkflowImpl.class,
              VerifyInstanceWorkflowImpl.class)
          .withLocks()
          .withRecordingNotifier();

  private final DeployActivities deploy = temporal.mock(DeployActivities.class);
  private final VerifyActivities verify = temporal.mock(VerifyActivities.class);
  private static final DeployPlan PLAN =
      new DeployPlan(
          "fra",
          "1.0.0",
          "1.1.0",
          List.of(
              new DeployPlan.ServiceChange("kas", "k", "a:1", "a:2", "image"),
              new DeployPlan.ServiceChange("backend", "b", "a:1", "a:2", "image")),
          List.of("postgres"));

  @BeforeEach
  void stubs() {
    when(deploy.plan(anyString(), anyString(), any())).thenReturn(PLAN);
    when(deploy.checkpoint(anyString(), anyList(), anyString()))
        .thenReturn(new Checkpoint("fra", "1.0.0", "t", List.of()));
    VerifyChecks.passing(verify, "fra");
  }

  @Test
  void aVerifiedDeployCommits() {
    DeployResult result = run(new DeployInput("fra", "1.1.0", null, false));
    assertThat(result.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
    var order = inOrder(deploy);
    order.verify(deploy).replaceService(eq("fra"), eq("kas"), eq("1.1.0"), anyString());
    order.verify(deploy).replaceService(eq("fra"), eq("backend"), eq("1.1.0"), anyString());
    order
        .verify(deploy)
        .commit(eq("fra"), eq(List.of("kas", "backend")), eq("1.1.0"), eq("1.0.0"), anyString());
    assertThat(result.stepMs())
        .containsKeys("plan", "lock", "checkpoint", "replace kas", "replace backend", "verify");
  }

  @Test
  void whatADeadRunLeftIsPutBackAndVerifiedBeforeThisRunChangesAnything() {
    when(deploy.leftovers("fra"))
        .thenReturn(List.of("dive-v3-kas-fra-prev-abc (kept by a run that never finished; kas)"));
    DeployResult result = run(new DeployInput("fra", "1.1.0", null, false));
    assertThat(result.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
    var order = inOrder(deploy);
    order.verify(deploy).repairLeftovers("fra");
    order.verify(deploy).checkpoint(eq("fra"), anyList(), anyString());
    order.verify(deploy).replaceService(eq("fra"), eq("kas"), eq("1.1.0"), anyString());
    assertThat(result.stepMs()).containsKeys("lock", "repair", "checkpoint", "verify");
    assertThat(result.verifications()).hasSize(2);
  }

  @Test
  void aRepairThatDoesNotVerifyFailsTheRunBeforeItChangesAnything() {
    when(deploy.leftovers("fra")).thenReturn(List.of("dive-v3-kas-fra-prev-abc"));
    VerifyChecks.failing(verify, VerifyActivities.DATASTORES);
    DeployInstanceWorkflow workflow = temporal.workflow(DeployInstanceWorkflow.class);
    assertThatThrownBy(() -> workflow.deploy(new DeployInput("fra", "1.1.0", null, false)))
        .rootCause()
        .hasMessageContaining(
            "put back what an unfinished run left (dive-v3-kas-fra-prev-abc) but verification failed: datastores");
    verify(deploy, never()).checkpoint(anyString(), anyList(), anyString());
    verify(deploy, never()).replaceService(anyString(), anyString(), anyString(), anyString());
    // The lock was given back: the next deploy is not kept waiting.
    when(deploy.leftovers("fra")).thenReturn(List.of());
    VerifyChecks.passing(verify, "fra");
    assertThat(run(new DeployInput("fra", "1.1.0", null, false)).stepMs().get("lock"))
        .isLessThan(60_000L);
  }

  @Test
  void aFailedVerificationRestoresInReverseOrderAndVerifiesAgain() {
    AtomicInteger verifications = new AtomicInteger();
    when(verify.checkDatastores(anyString()))
        .thenAnswer(
            i ->
                verifications.incrementAndGet() == 1
                    ? CheckResult.fail("datastores", 1, "redis down")
                    : CheckResult.pass("datastores", 1, "ok"));
    DeployResult result = run(new DeployInput("fra", "1.1.0", null, false));
    assertThat(result.outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
    assertThat(result.failedStep()).isEqualTo("verify");
    assertThat(result.failure()).contains("datastores");
    assertThat(result.verifications())
        .extracting(v -> v.outcome())
        .containsExactly(Verdict.FAIL, Verdict.PASS);
    var order = inOrder(deploy);
    order.verify(deploy).restoreService(eq("fra"), eq("backend"), anyString());
    order.verify(deploy).restoreService(eq("fra"), eq("kas"), anyString());
    verify(deploy, never()).commit(anyString(), anyList(), anyString(), any(), anyString());
  }

  @Test
  void aFailedReplaceRestoresOnlyWhatItTouched() {
    when(deploy.replaceService(eq("fra"), eq("backend"), anyString(), anyString()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "container b is unhealthy", FailureType.DOCKER_FAILED.type()));
    DeployResult result = run(new DeployInput("fra", "1.1.0", null, false));
    assertThat(result.outcome()).isEqualTo(DeployOutcome.ROLLED_BACK);
    assertThat(result.failedStep()).isEqualTo("replace backend");
    assertThat(result.failure()).isEqualTo("container b is unhealthy");
    var order = inOrder(deploy);
    order.verify(deploy).restoreService(eq("fra"), eq("backend"), anyString());
    order.verify(deploy).restoreService(eq("fra"), eq("kas"), anyString());
  }

  @Test
  void dryRunAndNoChangeTouchNothing() {
    assertThat(run(new DeployInput("fra", "1.1.0", null, true)).outcome())
        .isEqualTo(DeployOutcome.PLANNED);
    when(deploy.plan(anyString(), anyString(), any()))
        .thenReturn(new DeployPlan("fra", "1.1.0", "1.1.0", List.of(), List.of("kas")));
    assertThat(run(new DeployInput("fra", "1.1.0", null, false)).outcome())
        .isEqualTo(DeployOutcome.NO_CHANGE);
    verify(deploy, never()).checkpoint(anyString(), anyList(), anyString());
    verify(deploy, never()).replaceService(anyString(), anyString(), anyString(), anyString());
  }

  @Test
  void anUnverifiableRollbackWaitsForAnOperator() {
    VerifyChecks.failing(verify, VerifyActivities.DATASTORES);
    DeployInstanceWorkflow workflow =
        temporal.workflow(DeployInstanceWorkflow.class, "deploy-escalates");
    WorkflowClient.start(workflow::deploy, new DeployInput("fra", "1.1.0", null, false));
    temporal.env().sleep(Duration.ofMinutes(30));
    assertThat(workflow.progress()).startsWith("ROLLBACK_FAILED").contains("decide retry|abort");
    workflow.decide("abort");
    DeployResult result = WorkflowStub.fromTyped(workflow).getResult(DeployResult.class);
    assertThat(result.outcome()).isEqualTo(DeployOutcome.ROLLBACK_FAILED);
    assertThat(result.failure()).contains("operator: abort");
    // It paged when the wait began (critical: the instance may be half-changed and is held),
    // reminded while no one answered, and said when someone did.
    temporal.awaitAlerts("fra");
    assertThat(temporal.notifier().statuses())
        .startsWith(AlertStatus.FIRING, AlertStatus.REMINDER)
        .endsWith(AlertStatus.RESOLVED);
    List<Alert> all = temporal.notifier().posts.stream().flatMap(List::stream).toList();
    assertThat(all.get(0).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(all.get(0).summary())
        .contains("ROLLBACK_FAILED", "deploy-instance.sh fra --decide retry|abort");
    assertThat(all).extracting(Alert::dedupKey).containsOnly(all.get(0).dedupKey());
  }

  @Test
  void theAnswerUpdateRefusesAWrongWordAndAnAnswerNoOneAskedFor() {
    VerifyChecks.failing(verify, VerifyActivities.DATASTORES);
    DeployInstanceWorkflow workflow =
        temporal.workflow(DeployInstanceWorkflow.class, "deploy-answers");
    WorkflowClient.start(workflow::deploy, new DeployInput("fra", "1.1.0", null, false));
    assertThatThrownBy(() -> workflow.answer("retry"))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("not waiting for an answer");
    temporal.env().sleep(Duration.ofMinutes(1));
    assertThat(workflow.progress()).startsWith("ROLLBACK_FAILED");
    assertThatThrownBy(() -> workflow.answer("maybe"))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("unknown answer 'maybe'")
        .hasMessageContaining("retry, abort");
    assertThat(workflow.answer("abort")).isEqualTo("answered abort");
    DeployResult result = WorkflowStub.fromTyped(workflow).getResult(DeployResult.class);
    assertThat(result.outcome()).isEqualTo(DeployOutcome.ROLLBACK_FAILED);
    assertThat(result.failure()).endsWith("operator: abort");
  }

  @Test
  void aFailureBeforeAnyContainerChangedEndsFailedWithNothingToRollBackAndNoOneToWake() {
    when(deploy.checkpoint(anyString(), anyList(), anyString()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "disk full writing the checkpoint", "CheckpointFailed"));
    DeployResult result = run(new DeployInput("fra", "1.1.0", null, false));
    assertThat(result.outcome()).isEqualTo(DeployOutcome.FAILED);
    assertThat(result.failure()).isEqualTo("disk full writing the checkpoint");
    assertThat(result.failedStep()).isEqualTo("checkpoint");
    assertThat(result.verifications()).isEmpty();
    verify(deploy, never()).replaceService(anyString(), anyString(), anyString(), anyString());
    verify(deploy, never()).restoreService(anyString(), anyString(), anyString());
    verify(verify, never()).checkContainers(anyString());
    assertThat(temporal.notifier().posts).isEmpty();
  }

  @Test
  void aRollbackDeploysThePreviousRelease() {
    when(deploy.previousRelease("fra")).thenReturn("1.0.0");
    DeployResult result =
        temporal.workflow(RollbackInstanceWorkflow.class).rollback(new RollbackInput("fra", null));
    assertThat(result.outcome()).isEqualTo(DeployOutcome.DEPLOYED);
    verify(deploy).replaceService(eq("fra"), eq("kas"), eq("1.0.0"), anyString());
  }

  private DeployResult run(DeployInput input) {
    return temporal.workflow(DeployInstanceWorkflow.class).deploy(input);
  }
}
