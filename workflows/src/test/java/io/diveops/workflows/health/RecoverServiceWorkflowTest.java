package io.diveops.workflows.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.FailureType;
import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.Severity;
import io.diveops.api.health.HealthActivities;
import io.diveops.api.health.RecoverActivities;
import io.diveops.api.health.RecoverInput;
import io.diveops.api.health.RecoverOutcome;
import io.diveops.api.health.RecoverResult;
import io.diveops.api.health.RecoverResult.Rung;
import io.diveops.api.health.RecoverServiceWorkflow;
import io.diveops.api.health.Repair;
import io.diveops.api.health.ServiceHealth;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recovery ladder with mocked rungs: which rung mends it, the human rung, alerts per incident.
 */
class RecoverServiceWorkflowTest {
  static final ServiceHealth DOWN =
      new ServiceHealth("backend", "b", ServiceHealth.UNHEALTHY, "exited (code 1)");
  static final ServiceHealth UP =
      new ServiceHealth("backend", "b", ServiceHealth.HEALTHY, "healthy");

  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(RecoverServiceWorkflowImpl.class)
          .withLocks()
          .withRecordingNotifier();

  private final HealthActivities health = temporal.mock(HealthActivities.class);
  private final RecoverActivities repair = temporal.mock(RecoverActivities.class);

  @BeforeEach
  void stubs() {
    when(health.check(anyString(), anyString())).thenReturn(DOWN);
  }

  @Test
  void aRestartThatWorksEndsTheRunWithOneInfoAlert() {
    when(repair.restart("fra", "backend")).thenReturn(new Repair(1200, "restarted b"));
    RecoverResult result = run(new RecoverInput("fra", "backend", List.of(), null, "exited"));
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.RECOVERED);
    assertThat(result.rungs())
        .extracting(RecoverResult.Rung::name)
        .containsExactly("lock", "restart");
    verify(repair, never()).recreate(anyString(), anyString());
    temporal.awaitAlerts("fra");
    assertThat(temporal.notifier().posts).hasSize(1);
    Alert alert = temporal.notifier().posts.get(0).get(0);
    assertThat(alert.status()).isEqualTo(AlertStatus.RECOVERED);
    assertThat(alert.severity()).isEqualTo(Severity.INFO);
    assertThat(alert.dedupKey()).isEqualTo(result.incident()).startsWith("recover-fra-backend/");
  }

  @Test
  void aFailedRestartIsFollowedByARecreate() {
    when(repair.restart("fra", "backend"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "no container b", FailureType.NO_CONTAINER.type()));
    when(repair.recreate("fra", "backend"))
        .thenReturn(new Repair(3000, "recreated b from release 1.0.0"));
    RecoverResult result = run(new RecoverInput("fra", "backend", null, null, null));
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.RECOVERED);
    assertThat(result.rungs())
        .extracting(RecoverResult.Rung::outcome)
        .containsExactly("HELD", "FAILED", "HEALTHY");
    assertThat(result.rungs().get(1).detail()).isEqualTo("no container b");
  }

  @Test
  void aServiceHealthyByTheTimeTheLockIsHeldIsLeftAlone() {
    when(health.check("fra", "backend")).thenReturn(UP);
    RecoverResult result = run(new RecoverInput("fra", "backend", null, null, null));
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.NOT_NEEDED);
    assertThat(result.incident()).isNull();
    verify(repair, never()).restart(anyString(), anyString());
  }

  @Test
  void whenTheLadderFailsAHumanIsPagedRemindedEscalatedAndResolves() {
    ladderFails();
    WorkflowStub run = start(new RecoverInput("fra", "backend", null, null, "GET /health: 503"));
    awaitOperatorWait(run);
    temporal.env().sleep(Duration.ofMinutes(31)); // one reminder at 15 min, the escalation at 30
    when(health.check("fra", "backend")).thenReturn(UP);
    assertThat(run.update("answer", String.class, "resolved")).isEqualTo("accepted: resolved");
    RecoverResult result = run.getResult(RecoverResult.class);
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.RESOLVED);
    assertThat(result.rungs())
        .extracting(RecoverResult.Rung::name)
        .containsExactly("lock", "restart", "recreate", "human", "verify");
    temporal.awaitAlerts("fra");
    assertThat(temporal.notifier().statuses())
        .containsExactly(
            AlertStatus.FIRING, AlertStatus.REMINDER, AlertStatus.ESCALATED, AlertStatus.RESOLVED);
    List<Alert> all = temporal.notifier().posts.stream().flatMap(List::stream).toList();
    assertThat(all)
        .extracting(Alert::severity)
        .containsExactly(Severity.WARNING, Severity.WARNING, Severity.CRITICAL, Severity.INFO);
    assertThat(all).extracting(Alert::dedupKey).containsOnly(result.incident());
    assertThat(all.get(0).summary())
        .endsWith("recreate failed: container b is unhealthy")
        .doesNotContain("hunter2");
  }

  @Test
  void retryClimbsTheLadderAgainAndAbortLeavesItToHand() {
    ladderFails();
    WorkflowStub run = start(new RecoverInput("fra", "backend", null, null, null));
    awaitOperatorWait(run);
    run.update("answer", String.class, "retry");
    verify(repair, timeout(20_000).times(2)).recreate("fra", "backend");
    awaitOperatorWait(run);
    run.signal("decide", "abort");
    RecoverResult result = run.getResult(RecoverResult.class);
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.ABORTED);
    temporal.awaitAlerts("fra");
    assertThat(temporal.notifier().statuses())
        .containsExactly(AlertStatus.FIRING, AlertStatus.REMINDER, AlertStatus.ABORTED);
  }

  @Test
  void
      aFlappingServiceIsRestartedEveryTimeWithBackOffInOneEscalatedIncidentThatResolvesOnceStable() {
    AtomicReference<ServiceHealth> service = new AtomicReference<>(DOWN);
    when(health.check("fra", "backend")).thenAnswer(i -> service.get());
    when(repair.restart("fra", "backend"))
        .thenAnswer(
            i -> {
              service.set(UP);
              return new Repair(800, "restarted b");
            });
    long now = temporal.env().currentTimeMillis();
    // Third failure within the hour (the first two were recovered by runs of their own).
    WorkflowStub run =
        start(
            new RecoverInput(
                "fra", "backend", List.of(now - 50 * 60_000, now - 10 * 60_000), null, "exited"));
    awaitProgress(run, "WAITING FOR AN OPERATOR");
    verify(repair).restart("fra", "backend");
    // The fourth failure, while the incident is open: HealthWatch hands it to this run.
    service.set(DOWN);
    run.signal("failedAgain", "exited (code 137)");
    RecoverResult result = run.getResult(RecoverResult.class);

    assertThat(result.outcome()).isEqualTo(RecoverOutcome.RESOLVED);
    assertThat(result.flapping()).isTrue();
    verify(repair, times(2)).restart("fra", "backend");
    verify(repair, never()).recreate(anyString(), anyString());
    assertThat(result.rungs())
        .filteredOn(r -> r.name().equals("back-off"))
        .extracting(RecoverResult.Rung::ms)
        .containsExactly(10_000L, 20_000L);
    assertThat(result.rungs())
        .extracting(RecoverResult.Rung::name)
        .containsExactly(
            "back-off", "lock", "restart", "watch", "back-off", "lock", "restart", "heal");
    temporal.awaitAlerts("fra");
    List<Alert> all = temporal.notifier().posts.stream().flatMap(List::stream).toList();
    assertThat(all).extracting(Alert::dedupKey).containsOnly(result.incident());
    assertThat(temporal.notifier().statuses())
        .containsExactly(
            AlertStatus.FIRING,
            AlertStatus.ESCALATED,
            AlertStatus.REMINDER,
            AlertStatus.REMINDER,
            AlertStatus.REMINDER,
            AlertStatus.RESOLVED);
    assertThat(all.get(1).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(all.get(3).summary()).contains("failed again: exited (code 137)");
  }

  @Test
  void aRecoveryWaitingForAHumanEndsByItselfOnceTheServiceIsHealthyAgain() {
    ladderFails();
    WorkflowStub run = start(new RecoverInput("fra", "backend", null, null, null));
    awaitOperatorWait(run);
    when(health.check("fra", "backend")).thenReturn(UP); // fixed by hand, nobody answered
    RecoverResult result = run.getResult(RecoverResult.class);
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.RESOLVED);
    Rung last = result.rungs().get(result.rungs().size() - 1);
    assertThat(last.name()).isEqualTo("heal");
    temporal.awaitAlerts("fra");
    assertThat(temporal.notifier().statuses())
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    List<List<Alert>> posts = temporal.notifier().posts;
    assertThat(posts.get(posts.size() - 1).get(0).summary())
        .contains("recovered without intervention");
  }

  @Test
  void aServiceInsideItsStartPeriodIsWaitedForNeverRestarted() {
    ServiceHealth starting = new ServiceHealth("backend", "b", ServiceHealth.STARTING, "starting");
    when(health.check("fra", "backend")).thenReturn(starting, starting, starting, UP);
    RecoverResult result = run(new RecoverInput("fra", "backend", null, null, "no container b"));
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.NOT_NEEDED);
    assertThat(result.rungs())
        .extracting(RecoverResult.Rung::name)
        .containsExactly("lock", "starting", "check");
    verify(repair, never()).restart(anyString(), anyString());
    verify(repair, never()).recreate(anyString(), anyString());
    assertThat(result.incident()).isNull();
  }

  @Test
  void anAbortDuringAFlappingBackOffStopsBeforeTheRestart() {
    long now = temporal.env().currentTimeMillis();
    WorkflowStub run =
        start(
            new RecoverInput(
                "fra", "backend", List.of(now - 50 * 60_000, now - 10 * 60_000), null, null));
    awaitProgress(run, "flapping: restarting");
    run.update("answer", String.class, "abort");
    RecoverResult result = run.getResult(RecoverResult.class);
    assertThat(result.outcome()).isEqualTo(RecoverOutcome.ABORTED);
    verify(repair, never()).restart(anyString(), anyString());
  }

  @Test
  void answersAreRejectedWhenNotWaitingOrUnknown() {
    ladderFails();
    WorkflowStub run = start(new RecoverInput("fra", "backend", null, null, null));
    awaitOperatorWait(run);
    assertThatThrownBy(() -> run.update("answer", String.class, "maybe"))
        .isInstanceOf(WorkflowUpdateException.class);
    run.update("answer", String.class, "abort");
    run.getResult(RecoverResult.class);
  }

  private void ladderFails() {
    when(repair.restart("fra", "backend"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "container b exited with code 1", FailureType.DOCKER_FAILED.type()));
    when(repair.recreate("fra", "backend"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "container b is unhealthy; last log lines:\npassword=hunter2", "DockerFailed"));
  }

  private RecoverResult run(RecoverInput input) {
    return start(input).getResult(RecoverResult.class);
  }

  private WorkflowStub start(RecoverInput input) {
    RecoverServiceWorkflow workflow =
        temporal.workflow(
            RecoverServiceWorkflow.class,
            RecoverInput.workflowId(input.instance(), input.service()));
    WorkflowClient.start(workflow::recover, input);
    return WorkflowStub.fromTyped(workflow);
  }

  private static void awaitOperatorWait(WorkflowStub run) {
    awaitProgress(run, "WAITING FOR AN OPERATOR");
  }

  private static void awaitProgress(WorkflowStub run, String prefix) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!run.query("progress", String.class).startsWith(prefix)) {
      assertThat(System.nanoTime())
          .as("the run's progress to start with " + prefix)
          .isLessThan(deadline);
      pause();
    }
  }

  static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
