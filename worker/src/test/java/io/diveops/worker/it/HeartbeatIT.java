package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.api.backup.BackupInput;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.BackupResult;
import io.diveops.api.backup.BackupStatus;
import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployInstanceWorkflow;
import io.diveops.api.deploy.DeployOutcome;
import io.diveops.api.deploy.DeployResult;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11 #1 on the real sandbox, with the runbooks' own activity options: a blocking call longer
 * than the heartbeat timeout (a container that outlasts its stop grace; a Redis background save
 * slowed past 30 s) ends in the one attempt that started it. Were the heartbeats to stop meanwhile,
 * Temporal would time the attempt out and start a second one beside it.
 */
class HeartbeatIT {
  static final String INSTANCE = "gbr";
  static final int SLOW_STOP_MS = 25_000;

  /**
   * Keys written for the slowed save, and the delay Redis adds per key while saving: 40 s in all.
   */
  static final int REDIS_KEYS = 400;

  static final int SAVE_DELAY_US_PER_KEY = 100_000;
  static final String KEY_PREFIX = "heartbeat-it:";
  @RegisterExtension static final SandboxWorker RUNNING = new SandboxWorker("heartbeat");
  static final WorkflowClient client = RUNNING.client;

  @Test
  void aContainerThatTakes25SecondsToStopIsReplacedByOneAttempt() {
    sandbox()
        .brokenRelease(
            "1.1.0-slow-stop",
            "1.1.0",
            "backend",
            Map.of("DIVE_FAULT", "slow-stop:" + SLOW_STOP_MS),
            null);
    try {
      DeployResult slow = deploy("1.1.0-slow-stop").getResult(DeployResult.class);
      assertThat(slow.outcome())
          .as(String.valueOf(slow.failure()))
          .isEqualTo(DeployOutcome.DEPLOYED);

      // Back to 1.0.0: replacing the backend stops a container that drains for 25 s, so the
      // deploy's
      // 20 s stop grace runs out, twice its 10 s heartbeat timeout.
      WorkflowStub back = deploy("1.0.0");
      DeployResult result = back.getResult(DeployResult.class);
      assertThat(result.outcome())
          .as(String.valueOf(result.failure()))
          .isEqualTo(DeployOutcome.DEPLOYED);
      assertThat(sandbox().version(INSTANCE, "backend")).isEqualTo("1.0.0");

      Activities replaces =
          Activities.of(client.fetchHistory(back.getExecution().getWorkflowId()), "ReplaceService");
      replaces.assertEachDoneByOneAttempt();
      assertThat(replaces.longest())
          .as("the stop grace ran out inside the one attempt")
          .isGreaterThan(Duration.ofSeconds(19));
    } finally {
      if (!"1.0.0".equals(sandbox().releaseOf(INSTANCE, "backend"))) {
        deploy("1.0.0").getResult(DeployResult.class);
      }
    }
  }

  @Test
  void aRedisDumpSlowedPast30SecondsCompletesInOneAttempt() throws Exception {
    String redis = sandbox().container(INSTANCE, "redis");
    redisCli(
        redis,
        "EVAL",
        "for i = 1, tonumber(ARGV[1]) do redis.call('SET', KEYS[1] .. i, i) end",
        "1",
        KEY_PREFIX,
        String.valueOf(REDIS_KEYS));
    redisCli(redis, "CONFIG", "SET", "rdb-key-save-delay", String.valueOf(SAVE_DELAY_US_PER_KEY));
    try {
      BackupInstanceWorkflow backup =
          client.newWorkflowStub(BackupInstanceWorkflow.class, options("backup"));
      WorkflowClient.start(backup::backup, BackupInput.of(INSTANCE));
      WorkflowStub run = WorkflowStub.fromTyped(backup);
      BackupResult result = run.getResult(BackupResult.class);
      assertThat(result.status()).isEqualTo(BackupStatus.COMPLETE);
      assertThat(
              sandbox()
                  .backups
                  .manifest(INSTANCE, result.backupId())
                  .orElseThrow()
                  .counts()
                  .redisKeys())
          .isGreaterThanOrEqualTo(REDIS_KEYS);

      Activities dumps =
          Activities.of(client.fetchHistory(run.getExecution().getWorkflowId()), "DumpRedis");
      dumps.assertEachDoneByOneAttempt();
      assertThat(dumps.longest())
          .as("the save outlasted the 30 s heartbeat timeout")
          .isGreaterThan(Duration.ofSeconds(35));
    } finally {
      redisCli(redis, "CONFIG", "SET", "rdb-key-save-delay", "0");
      redisCli(
          redis,
          "EVAL",
          "for i = 1, tonumber(ARGV[1]) do redis.call('DEL', KEYS[1] .. i) end",
          "1",
          KEY_PREFIX,
          String.valueOf(REDIS_KEYS));
    }
  }

  /**
   * One activity type in a run's history. A retried activity's started event carries the attempt
   * that finished it; a heartbeat timeout leaves an ActivityTaskTimedOut event.
   */
  record Activities(List<HistoryEvent> events, List<Long> scheduled, String type) {
    static Activities of(WorkflowExecutionHistory history, String type) {
      List<Long> scheduled =
          history.getEvents().stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
              .filter(
                  e ->
                      e.getActivityTaskScheduledEventAttributes()
                          .getActivityType()
                          .getName()
                          .equals(type))
              .map(HistoryEvent::getEventId)
              .toList();
      assertThat(scheduled).as(type + " activities in the run").isNotEmpty();
      return new Activities(history.getEvents(), scheduled, type);
    }

    void assertEachDoneByOneAttempt() {
      assertThat(events)
          .as("activity timeouts in the run")
          .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
      List<Integer> attempts =
          events.stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
              .filter(
                  e ->
                      scheduled.contains(
                          e.getActivityTaskStartedEventAttributes().getScheduledEventId()))
              .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
              .toList();
      assertThat(attempts)
          .as("the attempt that completed each " + type)
          .hasSameSizeAs(scheduled)
          .containsOnly(1);
      assertThat(
              events.stream()
                  .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                  .filter(
                      e ->
                          scheduled.contains(
                              e.getActivityTaskCompletedEventAttributes().getScheduledEventId()))
                  .count())
          .as(type + " completed")
          .isEqualTo(scheduled.size());
    }

    /** The longest time from scheduling to completion of one of them. */
    Duration longest() {
      List<Duration> took = new ArrayList<>();
      for (HistoryEvent done : events) {
        if (done.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
            && scheduled.contains(
                done.getActivityTaskCompletedEventAttributes().getScheduledEventId())) {
          HistoryEvent start =
              events.stream()
                  .filter(
                      e ->
                          e.getEventId()
                              == done.getActivityTaskCompletedEventAttributes()
                                  .getScheduledEventId())
                  .findFirst()
                  .orElseThrow();
          took.add(Duration.ofMillis(millis(done) - millis(start)));
        }
      }
      return took.stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    private static long millis(HistoryEvent event) {
      return event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
    }
  }

  private static DeployFixture sandbox() {
    return RUNNING.sandbox();
  }

  private static WorkflowStub deploy(String release) {
    DeployInstanceWorkflow deploy =
        client.newWorkflowStub(DeployInstanceWorkflow.class, options("deploy-" + INSTANCE));
    WorkflowClient.start(
        deploy::deploy, new DeployInput(INSTANCE, release, List.of("backend"), false));
    return WorkflowStub.fromTyped(deploy);
  }

  private static WorkflowOptions options(String prefix) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(RUNNING.taskQueue)
        .setWorkflowId(prefix + "-" + UUID.randomUUID())
        .setWorkflowExecutionTimeout(Duration.ofMinutes(15))
        .build();
  }

  /** redis-cli inside the container, which has the password in its environment (REDISCLI_AUTH). */
  private static void redisCli(String container, String... args) {
    List<String> command = new ArrayList<>(List.of("redis-cli"));
    command.addAll(List.of(args));
    var result = sandbox().docker.exec(container, command, Duration.ofSeconds(30));
    assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.stderr()).isZero();
    assertThat(result.stdout()).as(String.join(" ", args)).doesNotContain("ERR");
  }
}
