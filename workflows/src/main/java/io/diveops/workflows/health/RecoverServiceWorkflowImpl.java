package io.diveops.workflows.health;

import io.diveops.activities.alert.Alert;
import io.diveops.activities.health.HealthActivities;
import io.diveops.activities.health.RecoverActivities;
import io.diveops.activities.health.RecoverInput;
import io.diveops.activities.health.Repair;
import io.diveops.activities.health.ServiceHealth;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.health.RecoverResult.Rung;
import io.diveops.workflows.lock.InstanceLock;
import io.diveops.workflows.lock.RunProgress;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

public class RecoverServiceWorkflowImpl implements RecoverServiceWorkflow {
  static final Duration LOCK_WAIT = Duration.ofMinutes(30);
  static final Duration FLAP_WINDOW = Duration.ofHours(1);
  /** The third recovery within the window is flapping: restarting again would only hide it. */
  static final int FLAP_COUNT = 3;
  static final Duration REMIND_EVERY = Duration.ofMinutes(15);
  static final Duration ESCALATE_AFTER = Duration.ofMinutes(30);
  static final int VERIFY_TRIES = 6;
  static final Duration VERIFY_PAUSE = Duration.ofSeconds(5);
  private static final Set<String> ANSWERS = Set.of(RETRY, RESOLVED, ABORT);

  private final HealthActivities checks = Workflow.newActivityStub(HealthActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
      .build());
  // A rung waits for health (minutes for Keycloak); heartbeats let a dead worker's attempt be
  // retried elsewhere within seconds, and both rungs are safe to run again.
  private final RecoverActivities repair = Workflow.newActivityStub(RecoverActivities.class, ActivityOptions.newBuilder()
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
      .setStartToCloseTimeout(Duration.ofMinutes(8))
      .setHeartbeatTimeout(Duration.ofSeconds(10))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).setInitialInterval(Duration.ofSeconds(1)).build())
      .build());

  private final List<Rung> rungs = new ArrayList<>();
  private RecoverInput input;
  private final RunProgress status = new RunProgress();
  private InstanceLock lock;
  private IncidentAlerts alerts;
  private boolean waitingForOperator;
  private String decision;

  @Override
  public RecoverResult recover(RecoverInput input) {
    this.input = input;
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(input.instance());
    long started = Workflow.currentTimeMillis();
    lock = status.lock(input.instance());
    alerts = new IncidentAlerts(input.instance(), input.service());
    long recent = input.recentRecoveries().stream().filter(t -> started - t < FLAP_WINDOW.toMillis()).count();
    boolean flapping = recent + 1 >= FLAP_COUNT;
    String problem = flapping
        ? "flapping: needed recovery " + (recent + 1) + " times within an hour" + seen()
        : null;
    boolean climb = !flapping;
    boolean human = false;
    while (true) {
      if (climb) {
        String reached = climbLadder();
        if (reached != null) {
          String outcome = reached.equals(RecoverResult.NOT_NEEDED) && human ? RecoverResult.RESOLVED : reached;
          if (outcome.equals(RecoverResult.RECOVERED)) {
            Rung last = rungs.get(rungs.size() - 1);
            alerts.send(human ? Alert.RESOLVED : Alert.RECOVERED, Alert.INFO,
                "recovered by " + last.name() + " in " + seconds(last.ms()) + (human ? " after an operator's retry" : ""));
          } else if (human) {
            alerts.send(Alert.RESOLVED, Alert.INFO, "healthy again; no further action needed");
          }
          return result(outcome, flapping, started);
        }
        problem = lastFailure() + seen();
      }
      human = true;
      String answer = waitForOperator(problem);
      if (answer.equals(ABORT)) {
        alerts.send(Alert.ABORTED, alerts.severity(), "an operator aborted the recovery: left to hand repair");
        status.set("aborted by an operator");
        return result(RecoverResult.ABORTED, flapping, started);
      }
      if (answer.equals(RESOLVED)) {
        if (verified()) {
          alerts.send(Alert.RESOLVED, Alert.INFO, "resolved by an operator; verified healthy");
          status.set("resolved by an operator; verified healthy");
          return result(RecoverResult.RESOLVED, flapping, started);
        }
        problem = "still unhealthy after an operator said resolved: " + lastFailure();
        climb = false;
      } else {
        climb = true; // retry: the whole ladder again
      }
    }
  }

  /** Restart, then recreate, while holding the instance. Null when neither made it healthy. */
  private String climbLadder() {
    status.set("waiting for the lock of " + input.instance());
    long t = Workflow.currentTimeMillis();
    var blocker = lock.acquire(LOCK_WAIT);
    if (blocker.isPresent()) {
      rungs.add(new Rung("lock", "FAILED", Workflow.currentTimeMillis() - t,
          input.instance() + " stayed locked by " + blocker.get() + " for " + LOCK_WAIT.toMinutes() + " min"));
      return null;
    }
    rungs.add(new Rung("lock", "HELD", Workflow.currentTimeMillis() - t, "held " + input.instance()));
    try {
      // Someone (a deploy that held the lock, the restart policy) may have mended it meanwhile.
      ServiceHealth now = checks.check(input.instance(), input.service());
      if (now.healthy()) {
        rungs.add(new Rung("check", "HEALTHY", 0, now.detail()));
        status.set("healthy: nothing to do");
        return RecoverResult.NOT_NEEDED;
      }
      if (rung("restart", () -> repair.restart(input.instance(), input.service()))
          || rung("recreate", () -> repair.recreate(input.instance(), input.service()))) {
        return RecoverResult.RECOVERED;
      }
      return null;
    } finally {
      lock.release();
    }
  }

  private boolean rung(String name, Functions.Func<Repair> action) {
    status.set(name + " " + input.service());
    long t = Workflow.currentTimeMillis();
    try {
      Repair done = action.apply();
      rungs.add(new Rung(name, "HEALTHY", done.ms(), done.detail()));
      status.set("recovered by " + name);
      return true;
    } catch (ActivityFailure e) {
      rungs.add(new Rung(name, "FAILED", Workflow.currentTimeMillis() - t, Runbooks.reason(e)));
      return false;
    }
  }

  /** Pages, then waits for an answer, reminding and finally escalating while no one answers. */
  private String waitForOperator(String problem) {
    decision = null;
    waitingForOperator = true;
    alerts.page(problem);
    status.set("WAITING FOR AN OPERATOR (" + firstLine(problem) + "): answer with runbooks/recover-service.sh "
        + input.instance() + " " + input.service() + " retry|resolved|abort");
    long since = Workflow.currentTimeMillis();
    while (!Workflow.await(REMIND_EVERY, () -> decision != null)) {
      long waited = Workflow.currentTimeMillis() - since;
      if (!alerts.escalated() && waited >= ESCALATE_AFTER.toMillis()) {
        alerts.escalate("no operator has answered for " + waited / 60_000 + " min: " + firstLine(problem));
      } else {
        alerts.send(Alert.REMINDER, alerts.severity(), "still waiting for an operator (" + waited / 60_000 + " min): "
            + firstLine(problem));
      }
    }
    waitingForOperator = false;
    rungs.add(new Rung("human", decision.toUpperCase(java.util.Locale.ROOT), Workflow.currentTimeMillis() - since,
        "operator answered " + decision));
    return decision;
  }

  /** After "resolved": the service must be healthy within about half a minute. */
  private boolean verified() {
    status.set("verifying " + input.service() + " after an operator's fix");
    long t = Workflow.currentTimeMillis();
    ServiceHealth last = null;
    for (int i = 0; i < VERIFY_TRIES; i++) {
      if (i > 0) {
        Workflow.sleep(VERIFY_PAUSE);
      }
      last = checks.check(input.instance(), input.service());
      if (last.healthy()) {
        rungs.add(new Rung("verify", "HEALTHY", Workflow.currentTimeMillis() - t, last.detail()));
        return true;
      }
    }
    rungs.add(new Rung("verify", "FAILED", Workflow.currentTimeMillis() - t, last.status() + ": " + last.detail()));
    return false;
  }

  private String lastFailure() {
    for (int i = rungs.size() - 1; i >= 0; i--) {
      if (rungs.get(i).outcome().equals("FAILED")) {
        return rungs.get(i).name() + " failed: " + rungs.get(i).detail();
      }
    }
    return "unhealthy";
  }

  private String seen() {
    return input.seen() == null ? "" : " (seen: " + input.seen() + ")";
  }

  private RecoverResult result(String outcome, boolean flapping, long started) {
    long end = Workflow.currentTimeMillis();
    return new RecoverResult(input.instance(), input.service(), outcome, flapping, List.copyOf(rungs), end - started,
        input.detectedAt() == null ? null : end - input.detectedAt(), alerts.incident());
  }

  /** Alerts carry one line: container logs (which could hold anything) stay in the run's result. */
  static String firstLine(String text) {
    String line = text.lines().findFirst().orElse("").strip().replaceFirst(";? *last log lines:$", "");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  private static String seconds(long ms) {
    return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  @Override
  public String progress() {
    return status.describe();
  }

  @Override
  public void lockState(String instance, String holder) {
    status.onLockState(instance, holder);
  }

  @Override
  public void validateAnswer(String answer) {
    if (!ANSWERS.contains(answer)) {
      throw new IllegalArgumentException("answer retry, resolved or abort, not '" + answer + "'");
    }
    if (!waitingForOperator) {
      throw new IllegalStateException("not waiting for an operator now: " + status.now());
    }
  }

  @Override
  public String answer(String answer) {
    decision = answer;
    return "accepted: " + answer;
  }

  @Override
  public void decide(String answer) {
    if (waitingForOperator && ANSWERS.contains(answer)) {
      decision = answer;
    }
  }
}
