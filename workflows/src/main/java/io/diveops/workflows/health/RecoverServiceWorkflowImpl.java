package io.diveops.workflows.health;

import io.diveops.api.Answers;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.Severity;
import io.diveops.api.health.HealthActivities;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchWorkflow;
import io.diveops.api.health.RecoverActivities;
import io.diveops.api.health.RecoverAnswer;
import io.diveops.api.health.RecoverInput;
import io.diveops.api.health.RecoverOutcome;
import io.diveops.api.health.RecoverResult;
import io.diveops.api.health.RecoverResult.Rung;
import io.diveops.api.health.RecoverServiceWorkflow;
import io.diveops.api.health.Repair;
import io.diveops.api.health.ServiceHealth;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.lock.InstanceLock;
import io.diveops.workflows.lock.LockingRunbook;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class RecoverServiceWorkflowImpl extends LockingRunbook implements RecoverServiceWorkflow {
  static final Duration LOCK_WAIT = Duration.ofMinutes(30);
  static final Duration FLAP_WINDOW = Duration.ofHours(1);

  /** The third recovery within the window is flapping: restarting again would only hide it. */
  static final int FLAP_COUNT = 3;

  static final Duration REMIND_EVERY = Duration.ofMinutes(15);
  static final Duration ESCALATE_AFTER = Duration.ofMinutes(30);
  static final int VERIFY_TRIES = 6;
  static final Duration VERIFY_PAUSE = Duration.ofSeconds(5);

  /**
   * How long a service inside its start period is waited for (Keycloak's is 10 min) before the
   * ladder may touch it.
   */
  static final Duration STARTING_WAIT = Duration.ofMinutes(11);

  static final Duration STARTING_POLL = Duration.ofSeconds(5);

  /**
   * Flapping restarts back off as Kubernetes' CrashLoopBackOff does: 10 s, 20 s, 40 s, ... 5 min.
   */
  static final Duration BACKOFF_FIRST = Duration.ofSeconds(10);

  static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

  /** Healthy probes in a row that end an incident by themselves. */
  static final int HEALED_PROBES = 3;

  /** ... spread over this while waiting for a human (it was fixed by hand, or came back) ... */
  static final Duration HEALED_AFTER = Duration.ofSeconds(10);

  /**
   * ... and over this for a flapping service the run keeps restarting (Kubernetes resets its
   * back-off after 10 min).
   */
  static final Duration STABLE_AFTER = Duration.ofMinutes(10);

  static final String CHANGE_ID = "self-healing";
  static final int SELF_HEALING = 1;

  private final HealthActivities checks = Workflow.newActivityStub(HealthActivities.class);
  // A rung waits for health (minutes for Keycloak); heartbeats let a dead worker's attempt be
  // retried elsewhere within seconds, and both rungs are safe to run again.
  private final RecoverActivities repair = Workflow.newActivityStub(RecoverActivities.class);

  private final List<Rung> rungs = new ArrayList<>();
  private RecoverInput input;
  private InstanceLock lock;
  private IncidentAlerts alerts;
  private boolean waitingForOperator;
  private String decision;
  private int version = Workflow.DEFAULT_VERSION;

  /** Failures HealthWatch reported while this incident was open, and the last thing it saw. */
  private int failuresReported;

  private String failureSeen;

  /** What ended a wait for an operator, besides an answer. */
  private static final String HEALED = "healed";

  private static final String FAILED_AGAIN = "failed again";

  @Override
  public RecoverResult recover(RecoverInput input) {
    this.input = input;
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(input.instance());
    version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, SELF_HEALING);
    long started = Workflow.currentTimeMillis();
    lock = status.lock(input.instance());
    alerts = new IncidentAlerts(input.instance(), input.service());
    long recent =
        input.recentRecoveries().stream().filter(t -> started - t < FLAP_WINDOW.toMillis()).count();
    boolean flapping = recent + 1 >= FLAP_COUNT;
    if (version == Workflow.DEFAULT_VERSION) {
      return recoverAsBefore(started, flapping, recent);
    }
    RecoverResult result = recoverSelfHealing(started, flapping, recent);
    tellWatch(result.outcome());
    return result;
  }

  /**
   * The ladder, kept up for a flapping service with a growing back-off, and an open incident that
   * ends itself: a human's answer, the service healthy again for a few probes, or a new failure
   * (HealthWatch reports one once the service was healthy in between), which climbs again.
   */
  private RecoverResult recoverSelfHealing(long started, boolean flapping, long recent) {
    String problem = null;
    int climbs = 0;
    if (flapping) {
      problem = "flapping: needed recovery " + (recent + 1) + " times within an hour" + seen();
      alerts.page(problem);
      alerts.escalate(problem + "; kept up with a growing back-off while a human looks");
    }
    boolean climb = true;
    while (true) {
      boolean up = false;
      if (climb) {
        if (flapping && !backOff(climbs)) {
          return aborted(flapping, started);
        }
        climbs++;
        RecoverOutcome reached = climbLadder();
        if (reached != null && !alerts.paged()) {
          if (reached == RecoverOutcome.RECOVERED) {
            Rung last = rungs.get(rungs.size() - 1);
            alerts.send(
                AlertStatus.RECOVERED,
                Severity.INFO,
                "recovered by " + last.name() + " in " + seconds(last.ms()));
          }
          return result(reached, flapping, started);
        }
        if (reached != null && !flapping) {
          alerts.send(
              AlertStatus.RESOLVED,
              Severity.INFO,
              "recovered by " + rungs.get(rungs.size() - 1).name() + " after an operator's retry");
          return result(RecoverOutcome.RESOLVED, flapping, started);
        }
        up = reached != null;
        if (up) {
          alerts.update(
              "up again after restart " + climbs + " of this incident; watching that it stays up");
        } else {
          problem = lastFailure() + seen();
        }
      }
      // Up again (flapping): the update was sent, watch it stay up. Down: page (or remind) first.
      if (!up) {
        alerts.page(problem);
      }
      String event = awaitIncident(problem, up && flapping ? STABLE_AFTER : HEALED_AFTER);
      climb = false;
      switch (event) {
        case ABORT -> {
          return aborted(flapping, started);
        }
        case RESOLVED -> {
          if (verified()) {
            alerts.send(
                AlertStatus.RESOLVED, Severity.INFO, "resolved by an operator; verified healthy");
            status.set("resolved by an operator; verified healthy");
            return result(RecoverOutcome.RESOLVED, flapping, started);
          }
          problem = "still unhealthy after an operator said resolved: " + lastFailure();
        }
        case HEALED -> {
          String how =
              up
                  ? "stayed up for "
                      + STABLE_AFTER.toMinutes()
                      + " min after "
                      + climbs
                      + " restarts"
                  : "healthy again: recovered without intervention";
          alerts.send(AlertStatus.RESOLVED, Severity.INFO, how);
          status.set(how);
          return result(RecoverOutcome.RESOLVED, flapping, started);
        }
        case FAILED_AGAIN -> {
          alerts.update(
              "failed again: " + firstLine(failureSeen == null ? "unhealthy" : failureSeen));
          climb = true;
        }
        default -> climb = true; // retry: the whole ladder again
      }
    }
  }

  /**
   * Before a flapping service's next restart: the back-off, cut short only by an operator's abort.
   */
  private boolean backOff(int climbs) {
    long ms = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_FIRST.toMillis() << Math.min(climbs, 10));
    status.set("flapping: restarting " + input.service() + " in " + seconds(ms) + " (back-off)");
    decision = null;
    waitingForOperator = true;
    Workflow.await(Duration.ofMillis(ms), () -> ABORT.equals(decision));
    waitingForOperator = false;
    if (ABORT.equals(decision)) {
      rungs.add(new Rung("human", "ABORT", ms, "operator answered abort"));
      return false;
    }
    rungs.add(
        new Rung(
            "back-off", "WAITED", ms, "flapping: waited " + seconds(ms) + " before restarting"));
    return true;
  }

  private RecoverResult aborted(boolean flapping, long started) {
    alerts.send(
        AlertStatus.ABORTED,
        alerts.severity(),
        "an operator aborted the recovery: left to hand repair");
    status.set("aborted by an operator");
    return result(RecoverOutcome.ABORTED, flapping, started);
  }

  /**
   * Waits for an operator's answer, for the service to be healthy {@link #HEALED_PROBES} probes in
   * a row spread over {@code healthyOver}, or for HealthWatch to report a new failure; reminds and
   * escalates meanwhile. Probes grow sparse while it stays down, so a wait of days keeps a small
   * history.
   */
  private String awaitIncident(String problem, Duration healthyOver) {
    decision = null;
    int reported = failuresReported;
    waitingForOperator = true;
    status.set(waitingFor(problem) + "; ends by itself once healthy");
    long since = Workflow.currentTimeMillis();
    long nextReminder = since + REMIND_EVERY.toMillis();
    int healthyInRow = 0;
    long nextProbe = since;
    String event = null;
    while (event == null) {
      long now = Workflow.currentTimeMillis();
      long until = Math.max(1, Math.min(nextProbe, nextReminder) - now);
      Workflow.await(
          Duration.ofMillis(until), () -> decision != null || failuresReported > reported);
      now = Workflow.currentTimeMillis();
      if (decision != null) {
        event = decision;
      } else if (failuresReported > reported) {
        event = FAILED_AGAIN;
      } else {
        if (now >= nextReminder) {
          remind(problem, now - since);
          nextReminder += REMIND_EVERY.toMillis();
        }
        if (now >= nextProbe) {
          healthyInRow = probeHealthy() ? healthyInRow + 1 : 0;
          if (healthyInRow >= HEALED_PROBES) {
            event = HEALED;
          }
          nextProbe =
              now
                  + (healthyInRow > 0
                      ? healthyOver.toMillis() / (HEALED_PROBES - 1)
                      : healPoll(now - since).toMillis());
        }
      }
    }
    waitingForOperator = false;
    rungs.add(
        new Rung(
            event.equals(HEALED) ? "heal" : event.equals(FAILED_AGAIN) ? "watch" : "human",
            event.toUpperCase(java.util.Locale.ROOT),
            Workflow.currentTimeMillis() - since,
            event.equals(HEALED)
                ? "healthy " + HEALED_PROBES + " probes in a row"
                : event.equals(FAILED_AGAIN)
                    ? "HealthWatch saw it fail again: " + failureSeen
                    : "operator answered " + event));
    return event;
  }

  /**
   * Between probes of a service that stays down: often at first, then sparser (bounded history).
   */
  static Duration healPoll(long waitedMs) {
    if (waitedMs < Duration.ofMinutes(2).toMillis()) {
      return Duration.ofSeconds(10);
    }
    if (waitedMs < Duration.ofMinutes(30).toMillis()) {
      return Duration.ofSeconds(30);
    }
    return waitedMs < Duration.ofHours(2).toMillis()
        ? Duration.ofMinutes(2)
        : Duration.ofMinutes(5);
  }

  private boolean probeHealthy() {
    try {
      return checks.check(input.instance(), input.service()).healthy();
    } catch (ActivityFailure e) {
      return false; // a probe that cannot look is no evidence of health
    }
  }

  private void remind(String problem, long waited) {
    if (!alerts.escalated() && waited >= ESCALATE_AFTER.toMillis()) {
      alerts.escalate(
          "no operator has answered for " + waited / 60_000 + " min: " + firstLine(problem));
    } else {
      alerts.send(
          AlertStatus.REMINDER,
          alerts.severity(),
          "still waiting for an operator (" + waited / 60_000 + " min): " + firstLine(problem));
    }
  }

  /**
   * HealthWatch learns how it ended: a recovery that was not needed never counts toward flapping.
   */
  private void tellWatch(RecoverOutcome outcome) {
    try {
      Workflow.newExternalWorkflowStub(
              HealthWatchWorkflow.class, HealthWatchInput.workflowId(input.instance()))
          .recoveryEnded(input.service(), outcome);
    } catch (RuntimeException e) {
      // No watch runs for this instance (a recovery started by hand): nothing to tell.
    }
  }

  /**
   * The run as it was before self-healing incidents: kept so runs started then replay unchanged.
   */
  private RecoverResult recoverAsBefore(long started, boolean flapping, long recent) {
    String problem =
        flapping
            ? "flapping: needed recovery " + (recent + 1) + " times within an hour" + seen()
            : null;
    boolean climb = !flapping;
    boolean human = false;
    while (true) {
      if (climb) {
        RecoverOutcome reached = climbLadder();
        if (reached != null) {
          RecoverOutcome outcome =
              reached == RecoverOutcome.NOT_NEEDED && human ? RecoverOutcome.RESOLVED : reached;
          if (outcome == RecoverOutcome.RECOVERED) {
            Rung last = rungs.get(rungs.size() - 1);
            alerts.send(
                human ? AlertStatus.RESOLVED : AlertStatus.RECOVERED,
                Severity.INFO,
                "recovered by "
                    + last.name()
                    + " in "
                    + seconds(last.ms())
                    + (human ? " after an operator's retry" : ""));
          } else if (human) {
            alerts.send(
                AlertStatus.RESOLVED, Severity.INFO, "healthy again; no further action needed");
          }
          return result(outcome, flapping, started);
        }
        problem = lastFailure() + seen();
      }
      human = true;
      String answer = waitForOperatorAsBefore(problem);
      if (answer.equals(ABORT)) {
        alerts.send(
            AlertStatus.ABORTED,
            alerts.severity(),
            "an operator aborted the recovery: left to hand repair");
        status.set("aborted by an operator");
        return result(RecoverOutcome.ABORTED, flapping, started);
      }
      if (answer.equals(RESOLVED)) {
        if (verified()) {
          alerts.send(
              AlertStatus.RESOLVED, Severity.INFO, "resolved by an operator; verified healthy");
          status.set("resolved by an operator; verified healthy");
          return result(RecoverOutcome.RESOLVED, flapping, started);
        }
        problem = "still unhealthy after an operator said resolved: " + lastFailure();
        climb = false;
      } else {
        climb = true; // retry: the whole ladder again
      }
    }
  }

  /** Restart, then recreate, while holding the instance. Null when neither made it healthy. */
  private RecoverOutcome climbLadder() {
    status.set("waiting for the lock of " + input.instance());
    long t = Workflow.currentTimeMillis();
    var blocker = lock.acquire(LOCK_WAIT);
    if (blocker.isPresent()) {
      rungs.add(
          new Rung(
              "lock",
              "FAILED",
              Workflow.currentTimeMillis() - t,
              input.instance()
                  + " stayed locked by "
                  + blocker.get()
                  + " for "
                  + LOCK_WAIT.toMinutes()
                  + " min"));
      return null;
    }
    rungs.add(
        new Rung("lock", "HELD", Workflow.currentTimeMillis() - t, "held " + input.instance()));
    try {
      // Someone (a deploy that held the lock, the restart policy) may have mended it meanwhile.
      ServiceHealth now = checks.check(input.instance(), input.service());
      if (version != Workflow.DEFAULT_VERSION) {
        now = waitWhileStarting(now);
      }
      if (now.healthy()) {
        rungs.add(new Rung("check", "HEALTHY", 0, now.detail()));
        status.set("healthy: nothing to do");
        return RecoverOutcome.NOT_NEEDED;
      }
      if (rung("restart", () -> repair.restart(input.instance(), input.service()))
          || rung("recreate", () -> repair.recreate(input.instance(), input.service()))) {
        return RecoverOutcome.RECOVERED;
      }
      return null;
    } finally {
      lock.release();
    }
  }

  /**
   * A container inside its start period (Keycloak's first boot takes minutes) is not failed:
   * restarting it would only start the boot again. Wait for its verdict, up to {@link
   * #STARTING_WAIT}.
   */
  private ServiceHealth waitWhileStarting(ServiceHealth now) {
    long since = Workflow.currentTimeMillis();
    while (now.starting() && Workflow.currentTimeMillis() - since < STARTING_WAIT.toMillis()) {
      status.set(input.service() + " is starting: waiting for it (" + now.detail() + ")");
      Workflow.sleep(STARTING_POLL);
      now = checks.check(input.instance(), input.service());
    }
    if (Workflow.currentTimeMillis() > since) {
      rungs.add(
          new Rung(
              "starting",
              now.status().toUpperCase(java.util.Locale.ROOT),
              Workflow.currentTimeMillis() - since,
              "waited for its start period to end: " + now.detail()));
    }
    return now;
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

  /** What the run says while it waits for an operator: the problem, and how to answer. */
  private String waitingFor(String problem) {
    return "WAITING FOR AN OPERATOR ("
        + firstLine(problem)
        + "): answer with runbooks/recover-service.sh "
        + input.instance()
        + " "
        + input.service()
        + " retry|resolved|abort";
  }

  /** Pages, then waits for an answer, reminding and finally escalating while no one answers. */
  private String waitForOperatorAsBefore(String problem) {
    decision = null;
    waitingForOperator = true;
    alerts.page(problem);
    status.set(waitingFor(problem));
    long since = Workflow.currentTimeMillis();
    while (!Workflow.await(REMIND_EVERY, () -> decision != null)) {
      long waited = Workflow.currentTimeMillis() - since;
      if (!alerts.escalated() && waited >= ESCALATE_AFTER.toMillis()) {
        alerts.escalate(
            "no operator has answered for " + waited / 60_000 + " min: " + firstLine(problem));
      } else {
        alerts.send(
            AlertStatus.REMINDER,
            alerts.severity(),
            "still waiting for an operator (" + waited / 60_000 + " min): " + firstLine(problem));
      }
    }
    waitingForOperator = false;
    rungs.add(
        new Rung(
            "human",
            decision.toUpperCase(java.util.Locale.ROOT),
            Workflow.currentTimeMillis() - since,
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
    rungs.add(
        new Rung(
            "verify",
            "FAILED",
            Workflow.currentTimeMillis() - t,
            last.status() + ": " + last.detail()));
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

  private RecoverResult result(RecoverOutcome outcome, boolean flapping, long started) {
    long end = Workflow.currentTimeMillis();
    return new RecoverResult(
        input.instance(),
        input.service(),
        outcome,
        flapping,
        List.copyOf(rungs),
        end - started,
        input.detectedAt() == null ? null : end - input.detectedAt(),
        alerts.incident());
  }

  /** Alerts carry one line: container logs (which could hold anything) stay in the run's result. */
  static String firstLine(String text) {
    String line =
        text.lines().findFirst().orElse("").strip().replaceFirst(";? *last log lines:$", "");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  private static String seconds(long ms) {
    return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  @Override
  public void validateAnswer(String answer) {
    Answers.parse(RecoverAnswer.class, answer);
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
    if (waitingForOperator && Answers.find(RecoverAnswer.class, answer).isPresent()) {
      decision = answer;
    }
  }

  @Override
  public void failedAgain(String seen) {
    failuresReported++;
    failureSeen = seen;
  }
}
