package io.diveops.workflows.deploy;

import io.diveops.api.Answers;
import io.diveops.api.FailureType;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.Severity;
import io.diveops.api.deploy.DeployActivities;
import io.diveops.api.deploy.DeployAnswer;
import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployInstanceWorkflow;
import io.diveops.api.deploy.DeployOutcome;
import io.diveops.api.deploy.DeployResult;
import io.diveops.api.verify.VerificationReport;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.health.IncidentAlerts;
import io.diveops.workflows.lock.InstanceLock;
import io.diveops.workflows.lock.LockingRunbook;
import io.diveops.workflows.verify.InstanceVerification;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

public class DeployInstanceWorkflowImpl extends LockingRunbook implements DeployInstanceWorkflow {
  static final Duration LOCK_WAIT = Duration.ofHours(2);
  static final int ROLLBACK_VERIFY_TRIES = 3;
  static final Duration ROLLBACK_VERIFY_PAUSE = Duration.ofSeconds(10);
  static final String REPAIR_CHANGE = "repair-leftovers";
  static final String ALERT_CHANGE = "rollback-failed-pages";
  static final Duration REMIND_EVERY = Duration.ofMinutes(15);

  // Replacing and restoring containers are slow, heartbeat, and are waited for on cancellation so a
  // compensation never races them: their options are set per activity type (ActivityPolicies).
  private final DeployActivities steps = Workflow.newActivityStub(DeployActivities.class);

  private InstanceLock lock;
  private DeployAnswer decision;
  private boolean waitingForDecision;
  private IncidentAlerts alerts;

  @Override
  public DeployResult deploy(DeployInput input) {
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(input.instance());
    DeployRun run = new DeployRun(input);

    status.set("planning " + input.release());
    long t = Workflow.currentTimeMillis();
    run.plan = steps.plan(input.instance(), input.release(), input.services());
    run.stepMs.put("plan", Workflow.currentTimeMillis() - t);
    if (input.dryRun()) {
      return run.end(DeployOutcome.PLANNED);
    }
    // A run that died holding the instance may have left kept containers: repairing them is a
    // change even when the release itself is already in place.
    boolean repairs = Workflow.getVersion(REPAIR_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
    if (run.plan.changes().isEmpty() && (!repairs || steps.leftovers(input.instance()).isEmpty())) {
      return run.end(DeployOutcome.NO_CHANGE);
    }

    lock = status.lock(input.instance());
    status.set("waiting for the lock of " + input.instance());
    t = Workflow.currentTimeMillis();
    var blocker = lock.acquire(LOCK_WAIT);
    if (blocker.isPresent()) {
      throw ApplicationFailure.newNonRetryableFailure(
          input.instance() + " stayed locked by " + blocker.get() + " for " + LOCK_WAIT,
          FailureType.INSTANCE_LOCKED.type());
    }
    run.stepMs.put("lock", Workflow.currentTimeMillis() - t);

    if (repairs) {
      try {
        repairLeftovers(run);
      } catch (TemporalFailure e) {
        lock.release();
        throw e;
      }
    }
    String runId = Workflow.getInfo().getRunId();
    try {
      // The plan may be stale once the lock is ours (someone else deployed meanwhile): plan again.
      run.step("plan");
      run.plan = steps.plan(input.instance(), input.release(), input.services());
      if (run.plan.changes().isEmpty()) {
        return run.end(DeployOutcome.NO_CHANGE);
      }
      status.set("checkpoint");
      run.step("checkpoint");
      t = Workflow.currentTimeMillis();
      run.checkpoint = steps.checkpoint(input.instance(), run.plan.changedServices(), runId);
      run.stepMs.put("checkpoint", Workflow.currentTimeMillis() - t);

      for (String service : run.plan.changedServices()) {
        status.set("replacing " + service);
        run.step("replace " + service);
        run.replaced.add(service);
        run.stepMs.put(
            "replace " + service,
            steps.replaceService(input.instance(), service, input.release(), runId));
      }

      status.set("verifying");
      run.step("verify");
      t = Workflow.currentTimeMillis();
      VerificationReport report = InstanceVerification.asChild(input.instance(), "deploy");
      run.verifications.add(report);
      run.stepMs.put("verify", Workflow.currentTimeMillis() - t);
      if (!report.passed()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "verification failed: " + String.join(", ", report.failedChecks()),
            FailureType.VERIFICATION_FAILED.type());
      }

      status.set("committing");
      run.step("commit");
      steps.commit(
          input.instance(),
          run.plan.changedServices(),
          input.release(),
          run.plan.fromRelease(),
          runId);
      status.set("deployed " + input.release());
      return run.end(DeployOutcome.DEPLOYED);
    } catch (TemporalFailure e) {
      run.failed(Runbooks.reason(e));
      long detected = Workflow.currentTimeMillis();
      if (run.replaced.isEmpty()
          && Workflow.getVersion(ALERT_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
        // It failed before any container changed (the second plan, the checkpoint): nothing to
        // put back, nothing to verify, no one to wake.
        status.set("failed before changing anything: " + run.failure);
        return run.end(DeployOutcome.FAILED);
      }
      // Compensation runs even when the deploy itself was cancelled: detached from its scope.
      Workflow.newDetachedCancellationScope(() -> compensate(run, runId, detected)).run();
      return run.result();
    } finally {
      lock.release();
    }
  }

  /**
   * A run that died holding the instance (terminated mid-replace) never compensated: its kept
   * containers are the recorded release. Put them back and verify before this run changes anything,
   * so it starts from a known state; a repair that does not verify fails this run untouched.
   */
  private void repairLeftovers(DeployRun run) {
    String instance = run.instance();
    List<String> left = steps.leftovers(instance);
    if (left.isEmpty()) {
      return;
    }
    status.set("repairing what an unfinished run left: " + String.join("; ", left));
    run.stepMs.put("repair", steps.repairLeftovers(instance));
    VerificationReport report = verifyAfterSwap(instance, "repair", run.verifications);
    if (!report.passed()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "put back what an unfinished run left ("
              + String.join("; ", left)
              + ") but verification failed: "
              + String.join(", ", report.failedChecks()),
          FailureType.REPAIR_FAILED.type());
    }
  }

  /**
   * Right after a swap a failed check can be a service still warming up: look again a few times.
   */
  private VerificationReport verifyAfterSwap(
      String instance, String why, List<VerificationReport> verifications) {
    VerificationReport report = InstanceVerification.asChild(instance, why);
    verifications.add(report);
    for (int again = 1; again < ROLLBACK_VERIFY_TRIES && !report.passed(); again++) {
      Workflow.sleep(ROLLBACK_VERIFY_PAUSE);
      report = InstanceVerification.asChild(instance, why + "-" + again);
      verifications.add(report);
    }
    return report;
  }

  /** Puts the kept containers back in reverse order, then proves the previous version serves. */
  private void compensate(DeployRun run, String runId, long detected) {
    String instance = run.instance();
    while (true) {
      status.set("rolling back after " + run.step + ": " + run.failure);
      String rollbackProblem = null;
      for (int i = run.replaced.size() - 1; i >= 0; i--) {
        String service = run.replaced.get(i);
        try {
          run.stepMs.put("restore " + service, steps.restoreService(instance, service, runId));
        } catch (ActivityFailure e) {
          rollbackProblem = "restore " + service + ": " + Runbooks.reason(e);
          break;
        }
      }
      if (rollbackProblem == null) {
        // The previous containers are back and healthy: prove they serve before saying so.
        VerificationReport report = verifyAfterSwap(instance, "rollback", run.verifications);
        if (report.passed()) {
          status.set("rolled back: previous version verified");
          run.recoveredIn(Workflow.currentTimeMillis() - detected);
          run.end(DeployOutcome.ROLLED_BACK);
          return;
        }
        rollbackProblem =
            "verification after rollback failed: " + String.join(", ", report.failedChecks());
      }
      // A human decides: the run waits, visible in the UI, for "retry" or "abort", and pages: it
      // holds the instance meanwhile (HealthWatch defers to it), so silence would hide a dead
      // instance.
      decision = null;
      waitingForDecision = true;
      status.set(
          "ROLLBACK_FAILED ("
              + rollbackProblem
              + "): waiting for an operator's decision: "
              + "runbooks/deploy-instance.sh "
              + instance
              + " --decide retry|abort");
      if (Workflow.getVersion(ALERT_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
        awaitDecisionPaging(instance, run.step + ": " + run.failure + "; " + rollbackProblem);
      } else {
        Workflow.await(() -> decision != null);
      }
      waitingForDecision = false;
      if (decision != DeployAnswer.RETRY) {
        run.operatorAnswered(rollbackProblem, Answers.word(decision));
        run.end(DeployOutcome.ROLLBACK_FAILED);
        return;
      }
    }
  }

  /** Pages (critical), reminds every 15 min while no one answers, and says when someone did. */
  private void awaitDecisionPaging(String instance, String problem) {
    if (alerts == null) {
      alerts = IncidentAlerts.critical(instance, "deploy");
    }
    alerts.page(
        "ROLLBACK_FAILED, "
            + instance
            + " may be half-changed and is held: "
            + IncidentAlerts.oneLine(problem)
            + "; answer with runbooks/deploy-instance.sh "
            + instance
            + " --decide retry|abort");
    long since = Workflow.currentTimeMillis();
    while (!Workflow.await(REMIND_EVERY, () -> decision != null)) {
      alerts.send(
          AlertStatus.REMINDER,
          alerts.severity(),
          "still waiting for an operator ("
              + (Workflow.currentTimeMillis() - since) / 60_000
              + " min): ROLLBACK_FAILED on "
              + instance);
    }
    alerts.send(
        AlertStatus.RESOLVED, Severity.INFO, "an operator answered " + Answers.word(decision));
  }

  @Override
  public String answer(String word) {
    decision = Answers.parse(DeployAnswer.class, word);
    return "answered " + Answers.word(decision);
  }

  @Override
  public void validateAnswer(String word) {
    Answers.parse(DeployAnswer.class, word);
    if (!waitingForDecision) {
      throw new IllegalStateException(
          "this deploy is not waiting for an answer: " + status.describe());
    }
  }

  /**
   * The answer as a signal, kept for tools that cannot send updates. As it always has, any word but
   * retry is taken as abort: a signal cannot be refused, so the update is the checked way to
   * answer.
   */
  @Override
  public void decide(String word) {
    decision = "retry".equals(word) ? DeployAnswer.RETRY : DeployAnswer.ABORT;
  }
}
