package io.diveops.workflows.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.FailureType;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.health.HealthActivities;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchStatus;
import io.diveops.api.health.HealthWatchWorkflow;
import io.diveops.api.health.RecoverInput;
import io.diveops.api.health.RecoverOutcome;
import io.diveops.api.health.RecoverResult;
import io.diveops.api.health.RecoverServiceWorkflow;
import io.diveops.api.health.ServiceHealth;
import io.diveops.api.lock.LockActivities;
import io.diveops.workflows.ActivityPolicies;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * The watcher with mocked probes: thresholds, the lock, pause and resume, memory across
 * continue-as-new.
 */
class HealthWatchWorkflowTest {
  static final ServiceHealth REDIS_UP =
      new ServiceHealth("redis", "r", ServiceHealth.HEALTHY, "healthy");
  static final ServiceHealth REDIS_DOWN =
      new ServiceHealth("redis", "r", ServiceHealth.UNHEALTHY, "exited (code 137)");
  static final ServiceHealth KC_STARTING =
      new ServiceHealth("keycloak", "k", ServiceHealth.STARTING, "starting");

  /** Each test registers what it needs, then starts the environment. */
  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(HealthWatchWorkflowImpl.class)
          .withRecordingNotifier()
          .startedByTest();

  private final HealthActivities health = temporal.mock(HealthActivities.class);
  private final LockActivities lock = temporal.mock(LockActivities.class);
  private final AtomicReference<List<ServiceHealth>> seen =
      new AtomicReference<>(List.of(REDIS_UP, KC_STARTING));

  @BeforeEach
  void stubs() {
    when(health.probe("fra")).thenAnswer(i -> seen.get());
    when(health.startRecovery(any())).thenReturn(HealthActivities.STARTED);
    when(lock.holder("fra")).thenReturn("");
  }

  @Test
  void aServiceDownForThresholdProbesStartsOneRecoveryAndStartingIsNoFailure() {
    HealthWatchWorkflow watch = start(3);
    temporal.env().sleep(Duration.ofSeconds(10));
    verify(health, never()).startRecovery(any());
    seen.set(List.of(REDIS_DOWN, KC_STARTING));
    temporal.env().sleep(Duration.ofSeconds(3)); // two probes, 2 s apart
    ArgumentCaptor<RecoverInput> input = ArgumentCaptor.forClass(RecoverInput.class);
    verify(health, timeout(5_000)).startRecovery(input.capture());
    assertThat(input.getValue().service()).isEqualTo("redis");
    assertThat(input.getValue().detectedAt()).isNotNull();
    assertThat(input.getValue().seen()).isEqualTo("exited (code 137)");
    // The watch records the start once the activity has returned: poll its status with a deadline.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!watch.status().lastAction().startsWith("started") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(watch.status().lastAction()).startsWith("started recover-fra-redis");
  }

  @Test
  void aDeployHoldingTheInstanceIsNotFought() {
    when(lock.holder("fra")).thenReturn("deploy-instance-fra-1");
    seen.set(List.of(REDIS_DOWN));
    HealthWatchWorkflow watch = start(3);
    temporal.env().sleep(Duration.ofSeconds(10));
    verify(health, never()).startRecovery(any());
    HealthWatchStatus status = watch.status();
    assertThat(status.deferrals()).isPositive();
    assertThat(status.lastAction()).contains("locked by deploy-instance-fra-1");
    when(lock.holder("fra")).thenReturn("");
    temporal.env().sleep(Duration.ofSeconds(4));
    verify(health, timeout(5_000)).startRecovery(any());
  }

  @Test
  void anotherRecoveryHoldingTheInstanceDoesNotStopIt() {
    when(lock.holder("fra")).thenReturn("recover-fra-backend");
    seen.set(List.of(REDIS_DOWN));
    start(2);
    temporal.env().sleep(Duration.ofSeconds(4));
    verify(health, timeout(5_000)).startRecovery(any());
  }

  @Test
  void pausedItNeitherProbesNorActsUntilResumed() {
    HealthWatchWorkflow watch = start(2);
    temporal.env().sleep(Duration.ofSeconds(3));
    watch.pause();
    long probes = watch.status().probes();
    seen.set(List.of(REDIS_DOWN));
    temporal.env().sleep(Duration.ofSeconds(20));
    assertThat(watch.status().paused()).isTrue();
    assertThat(watch.status().probes()).isLessThanOrEqualTo(probes + 1);
    verify(health, never()).startRecovery(any());
    watch.resume();
    temporal.env().sleep(Duration.ofSeconds(5));
    verify(health, timeout(5_000)).startRecovery(any());
  }

  @Test
  void recentRecoveriesSurviveContinueAsNewAndAreHandedToTheNextRecovery() {
    temporal.start();
    HealthWatchWorkflow watch =
        temporal.workflow(HealthWatchWorkflow.class, HealthWatchInput.workflowId("fra"));
    WorkflowClient.start(
        watch::watch, new HealthWatchInput("fra", 2, 2, 3, false, null, null, null, null));
    seen.set(List.of(REDIS_DOWN));
    temporal.env().sleep(Duration.ofSeconds(5));
    verify(health, timeout(5_000)).startRecovery(any());
    temporal.env().sleep(Duration.ofSeconds(10)); // past the third probe: a new run
    ArgumentCaptor<RecoverInput> input = ArgumentCaptor.forClass(RecoverInput.class);
    verify(health, timeout(5_000).atLeast(2)).startRecovery(input.capture());
    assertThat(input.getAllValues().get(1).recentRecoveries()).hasSize(1);
    assertThat(
            temporal
                .client()
                .newWorkflowStub(HealthWatchWorkflow.class, HealthWatchInput.workflowId("fra"))
                .status()
                .recentRecoveries()
                .get("redis"))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void anInstanceNotProvisionedYetStartsNoRecoveryWhateverItsContainersShow() {
    ServiceHealth absent =
        new ServiceHealth(
            "redis",
            "r",
            ServiceHealth.NOT_PROVISIONED,
            "instance not provisioned; seen: no container r");
    seen.set(
        List.of(
            absent,
            new ServiceHealth("keycloak", "k", ServiceHealth.NOT_PROVISIONED, "seen: starting")));
    HealthWatchWorkflow watch = start(2);
    temporal.env().sleep(Duration.ofSeconds(20));
    verify(health, never()).startRecovery(any());
    awaitStatus(watch, s -> s.probes() > 3);
    assertThat(watch.status().provisioned()).isFalse();
    // Brought up: now a dead service is a failure.
    seen.set(List.of(REDIS_DOWN, KC_STARTING));
    temporal.env().sleep(Duration.ofSeconds(5));
    verify(health, timeout(5_000)).startRecovery(any());
    awaitStatus(watch, HealthWatchStatus::provisioned);
  }

  @Test
  void aNewFailureWhileItsIncidentIsOpenGoesToTheOpenRunOnlyAfterItWasHealthyInBetween() {
    temporal
        .worker()
        .registerWorkflowImplementationTypes(ActivityPolicies.options(), OpenRecovery.class);
    OpenRecovery.failures.clear();
    RecoverServiceWorkflow open =
        temporal.workflow(RecoverServiceWorkflow.class, RecoverInput.workflowId("fra", "redis"));
    WorkflowClient.start(open::recover, new RecoverInput("fra", "redis", null, null, null));
    when(health.startRecovery(any()))
        .thenReturn(HealthActivities.STARTED, HealthActivities.RUNNING);
    seen.set(List.of(REDIS_DOWN));
    HealthWatchWorkflow watch = start(2);
    temporal
        .env()
        .sleep(
            Duration.ofSeconds(12)); // down all along: the start, then "already running", no signal
    verify(health, timeout(5_000).atLeast(2)).startRecovery(any());
    assertThat(OpenRecovery.failures).isEmpty();
    assertThat(watch.status().incidents()).containsKey("redis");
    seen.set(List.of(REDIS_UP));
    temporal.env().sleep(Duration.ofSeconds(4));
    seen.set(List.of(REDIS_DOWN));
    temporal.env().sleep(Duration.ofSeconds(6));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (OpenRecovery.failures.isEmpty() && System.nanoTime() < deadline) {
      RecoverServiceWorkflowTest.pause();
    }
    assertThat(OpenRecovery.failures).containsExactly("exited (code 137)");
  }

  @Test
  void afterAnAbortTheServiceIsLeftAloneUntilHealthyAndNotNeededIsNoFlap() {
    seen.set(List.of(REDIS_DOWN));
    HealthWatchWorkflow watch = start(2);
    temporal.env().sleep(Duration.ofSeconds(5));
    verify(health, timeout(5_000).times(1)).startRecovery(any());
    awaitStatus(watch, s -> s.recentRecoveries().containsKey("redis"));
    watch.recoveryEnded("redis", RecoverOutcome.ABORTED);
    temporal.env().sleep(Duration.ofSeconds(20));
    verify(health, times(1)).startRecovery(any());
    awaitStatus(watch, s -> s.handsOff().contains("redis") && s.incidents().isEmpty());
    seen.set(List.of(REDIS_UP));
    temporal.env().sleep(Duration.ofSeconds(4));
    awaitStatus(watch, s -> s.handsOff().isEmpty());
    watch.recoveryEnded("redis", RecoverOutcome.NOT_NEEDED);
    awaitStatus(watch, s -> s.recentRecoveries().getOrDefault("redis", List.of()).isEmpty());
    seen.set(List.of(REDIS_DOWN));
    temporal.env().sleep(Duration.ofSeconds(5));
    verify(health, timeout(5_000).times(2)).startRecovery(any());
  }

  @Test
  void probesThatKeepFailingPageOnceAndResolveWhenTheyWorkAgain() {
    when(health.probe("fra"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "Docker Engine unreachable", FailureType.DOCKER_UNAVAILABLE.type()));
    HealthWatchWorkflow watch = start(2);
    temporal.env().sleep(Duration.ofSeconds(2 * 30));
    awaitStatus(watch, s -> s.lastAction().contains("Docker Engine unreachable"));
    reset(health);
    when(health.probe("fra")).thenAnswer(i -> seen.get());
    temporal.env().sleep(Duration.ofSeconds(6));
    awaitStatus(watch, s -> s.lastProbeAt() != null);
    watch.pause();
    temporal.awaitAlerts("fra");
    assertThat(temporal.notifier().statuses())
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    assertThat(temporal.notifier().posts.get(0).get(0).summary())
        .contains("cannot probe fra", "Docker Engine unreachable");
  }

  private static void awaitStatus(
      HealthWatchWorkflow watch, java.util.function.Predicate<HealthWatchStatus> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.test(watch.status())) {
      assertThat(System.nanoTime())
          .as("the watch's status to change; now " + watch.status())
          .isLessThan(deadline);
      RecoverServiceWorkflowTest.pause();
    }
  }

  /** An open recovery run that only records what HealthWatch tells it. */
  public static class OpenRecovery implements RecoverServiceWorkflow {
    static final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public RecoverResult recover(RecoverInput input) {
      Workflow.await(() -> false);
      return null;
    }

    @Override
    public String progress() {
      return "open";
    }

    @Override
    public String answer(String decision) {
      return decision;
    }

    @Override
    public void validateAnswer(String decision) {}

    @Override
    public void decide(String decision) {}

    @Override
    public void failedAgain(String seen) {
      failures.add(seen);
    }

    @Override
    public void lockState(String instance, String holder) {}
  }

  private HealthWatchWorkflow start(int threshold) {
    temporal.start();
    HealthWatchWorkflow watch =
        temporal.workflow(HealthWatchWorkflow.class, HealthWatchInput.workflowId("fra"));
    WorkflowClient.start(watch::watch, HealthWatchInput.of("fra", 2, threshold));
    return watch;
  }
}
