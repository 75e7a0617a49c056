package io.diveops.workflows.deploy;

import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployResult;

import io.diveops.api.deploy.DeployInstanceWorkflow;

import io.diveops.api.deploy.Checkpoint;
import io.diveops.api.deploy.DeployActivities;
import io.diveops.api.deploy.DeployPlan;
import io.diveops.api.alert.Alert;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.health.IncidentAlerts;
import io.diveops.workflows.lock.InstanceLock;
import io.diveops.workflows.lock.RunProgress;
import io.diveops.workflows.verify.InstanceVerification;
import io.diveops.api.verify.VerificationReport;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class DeployInstanceWorkflowImpl implements DeployInstanceWorkflow {
  static final Duration LOCK_WAIT = Duration.ofHours(2);
  static final int ROLLBACK_VERIFY_TRIES = 3;
  static final Duration ROLLBACK_VERIFY_PAUSE = Duration.ofSeconds(10);
  static final String REPAIR_CHANGE = "repair-leftovers";
  static final String ALERT_CHANGE = "rollback-failed-pages";
  static final Duration REMIND_EVERY = Duration.ofMinutes(15);

  private final DeployActivities quick = Workflow.newActivityStub(DeployActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(1))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
      .build());
  // Replacing waits for health (Keycloak needs minutes on a busy host); the heartbeat timeout lets
  // a dead worker's attempt be retried elsewhere within seconds. On cancellation the run waits until
  // the replace in flight has stopped (it learns at its next heartbeat), so compensation never races
  // it for the same container name and ports.
  private final DeployActivities slow = Workflow.newActivityStub(DeployActivities.class, ActivityOptions.newBuilder()
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
      .setStartToCloseTimeout(Duration.ofMinutes(8))
      .setHeartbeatTimeout(Duration.ofSeconds(10))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).setInitialInterval(Duration.ofSeconds(2)).build())
      .build());

  private final RunProgress status = new RunProgress();
  private InstanceLock lock;
  private String decision;
  private IncidentAlerts alerts;

  @Override
  public DeployResult deploy(DeployInput input) {
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(input.instance());
    Map<String, Long> stepMs = new LinkedHashMap<>();

    status.set("planning " + input.release());
    long t = Workflow.currentTimeMillis();
    DeployPlan plan = quick.plan(input.instance(), input.release(), input.services());
    stepMs.put("plan", Workflow.currentTimeMillis() - t);
    if (input.dryRun()) {
      return result(input, DeployResult.PLANNED, plan, null, stepMs, null, null, null, List.of());
    }
    // A run that died holding the instance may have left kept containers: repairing them is a
    // change even when the release itself is already in place.
    boolean repairs = Workflow.getVersion(REPAIR_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
    if (plan.changes().isEmpty() && (!repairs || quick.leftovers(input.instance()).isEmpty())) {
      return result(input, DeployResult.NO_CHANGE, plan, null, stepMs, null, null, null, List.of());
    }

    lock = status.lock(input.instance());
    status.set("waiting for the lock of " + input.instance());
    t = Workflow.currentTimeMillis();
    var blocker = lock.acquire(LOCK_WAIT);
    if (blocker.isPresent()) {
      throw ApplicationFailure.newNonRetryableFailure(
          input.instance() + " stayed locked by " + blocker.get() + " for " + LOCK_WAIT, "InstanceLocked");
    }
    stepMs.put("lock", Workflow.currentTimeMillis() - t);

    List<String> replaced = new ArrayList<>();
    List<VerificationReport> verifications = new ArrayList<>();
    if (repairs) {
      try {
        repairLeftovers(input.instance(), stepMs, verifications);
      } catch (TemporalFailure e) {
        lock.release();
        throw e;
      }
    }
    String runId = Workflow.getInfo().getRunId();
    Checkpoint checkpoint = null;
    String failedStep = null;
    String failure = null;
    try {
      // The plan may be stale once the lock is ours (someone else deployed meanwhile): plan again.
      plan = quick.plan(input.instance(), input.release(), input.services());
      if (plan.changes().isEmpty()) {
        return result(input, DeployResult.NO_CHANGE, plan, null, stepMs, null, null, null, verifications);
      }
      status.set("checkpoint");
      t = Workflow.currentTimeMillis();
      checkpoint = quick.checkpoint(input.instance(), plan.changedServices(), runId);
      stepMs.put("checkpoint", Workflow.currentTimeMillis() - t);

      for (String service : plan.changedServices()) {
        status.set("replacing " + service);
        failedStep = "replace " + service;
        replaced.add(service);
        stepMs.put("replace " + service, slow.replaceService(input.instance(), service, input.release(), runId));
      }

      status.set("verifying");
      failedStep = "verify";
      t = Workflow.currentTimeMillis();
      VerificationReport report = InstanceVerification.asChild(input.instance(), "deploy");
      verifications.add(report);
      stepMs.put("verify", Workflow.currentTimeMillis() - t);
      if (!report.passed()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "verification failed: " + String.join(", ", report.failedChecks()), "VerificationFailed");
      }

      status.set("committing");
      failedStep = "commit";
      quick.commit(input.instance(), plan.changedServices(), input.release(), plan.fromRelease(), runId);
      status.set("deployed " + input.release());
      return result(input, DeployResult.DEPLOYED, plan, checkpoint, stepMs, null, null, null, verifications);
    } catch (TemporalFailure e) {
      failure = Runbooks.reason(e);
      long detected = Workflow.currentTimeMillis();
      // Compensation runs even when the deploy itself was cancelled: detached from its scope.
      DeployResult[] outcome = new DeployResult[1];
      final DeployPlan finalPlan = plan;
      final Checkpoint finalCheckpoint = checkpoint;
      final String finalStep = failedStep;
      final String finalFailure = failure;
      if (replaced.isEmpty() && Workflow.getVersion(ALERT_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
        // It failed before any container changed (the second plan, the checkpoint): nothing to
        // put back, nothing to verify, no one to wake.
        status.set("failed before changing anything: " + failure);
        return result(input, DeployResult.FAILED, plan, checkpoint, stepMs, failedStep, failure, null, verifications);
      }
      Workflow.newDetachedCancellationScope(() ->
          outcome[0] = compensate(input, finalPlan, finalCheckpoint, replaced, runId, stepMs, finalStep, finalFailure,
              detected, verifications)).run();
      return outcome[0];
    } finally {
      lock.release();
    }
  }

  /**
   * A run that died holding the instance (terminated mid-replace) never compensated: its kept
   * containers are the recorded release. Put them back and verify before this run changes anything,
   * so it starts from a known state; a repair that does not verify fails this run untouched.
   */
  private void repairLeftovers(String instance, Map<String, Long> stepMs, List<VerificationReport> verifications) {
    List<String> left = quick.leftovers(instance);
    if (left.isEmpty()) {
      return;
    }
    status.set("repairing what an unfinished run left: " + String.join("; ", left));
    stepMs.put("repair", slow.repairLeftovers(instance));
    VerificationReport report = verifyAfterSwap(instance, "repair", verifications);
    if (!report.passed()) {
      throw ApplicationFailure.newNonRetryableFailure("put back what an unfinished run left (" + String.join("; ", left)
          + ") but verification failed: " + String.join(", ", report.failedChecks()), "RepairFailed");
    }
  }

  /** Right after a swap a failed check can be a service still warming up: look again a few times. */
  private VerificationReport verifyAfterSwap(String instance, String why, List<VerificationReport> verifications) {
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
  private DeployResult compensate(DeployInput input, DeployPlan plan, Checkpoint checkpoint, List<String> replaced,
      String runId, Map<String, Long> stepMs, String failedStep, String failure, long detected,
      List<VerificationReport> verifications) {
    while (true) {
      status.set("rolling back after " + failedStep + ": " + failure);
      String rollbackProblem = null;
      for (int i = replaced.size() - 1; i >= 0; i--) {
        String service = replaced.get(i);
        try {
          stepMs.put("restore " + service, slow.restoreService(input.instance(), service, runId));
        } catch (ActivityFailure e) {
          rollbackProblem = "restore " + service + ": " + Runbooks.reason(e);
          break;
        }
      }
      if (rollbackProblem == null) {
        // The previous containers are back and healthy: prove they serve before saying so.
        VerificationReport report = verifyAfterSwap(input.instance(), "rollback", verifications);
        if (report.passed()) {
          status.set("rolled back: previous version verified");
          return result(input, DeployResult.ROLLED_BACK, plan, checkpoint, stepMs, failedStep, failure,
              Workflow.currentTimeMillis() - detected, verifications);
        }
        rollbackProblem = "verification after rollback failed: " + String.join(", ", report.failedChecks());
      }
      // A human decides: the run waits, visible in the UI, for "retry" or "abort", and pages: it
      // holds the instance meanwhile (HealthWatch defers to it), so silence would hide a dead instance.
      decision = null;
      status.set("ROLLBACK_FAILED (" + rollbackProblem + "): waiting for an operator's decision: signal decide retry|abort");
      if (Workflow.getVersion(ALERT_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
        awaitDecisionPaging(input.instance(), failedStep + ": " + failure + "; " + rollbackProblem);
      } else {
        Workflow.await(() -> decision != null);
      }
      if (!"retry".equals(decision)) {
        return result(input, DeployResult.ROLLBACK_FAILED, plan, checkpoint, stepMs, failedStep,
            failure + "; " + rollbackProblem + "; operator: " + decision, null, verifications);
      }
    }
  }




  /** Pages (critical), reminds every 15 min while no one answers, and says when someone did. */
  private void awaitDecisionPaging(String instance, String problem) {
    if (alerts == null) {
      alerts = IncidentAlerts.critical(instance, "deploy");
    }
    alerts.page("ROLLBACK_FAILED, " + instance + " may be half-changed and is held: " + IncidentAlerts.oneLine(problem)
        + "; answer with runbooks/deploy-instance.sh " + instance + " --decide retry|abort");
    long since = Workflow.currentTimeMillis();
    while (!Workflow.await(REMIND_EVERY, () -> decision != null)) {
      alerts.send(Alert.REMINDER, alerts.severity(), "still waiting for an operator ("
          + (Workflow.currentTimeMillis() - since) / 60_000 + " min): ROLLBACK_FAILED on " + instance);
    }
    alerts.send(Alert.RESOLVED, Alert.INFO, "an operator answered " + decision);
  }

  private DeployResult result(DeployInput input, String outcome, DeployPlan plan, Checkpoint checkpoint,
      Map<String, Long> stepMs, String failedStep, String failure, Long recoveryMs, List<VerificationReport> reports) {
    return new DeployResult(input.instance(), outcome, plan, checkpoint, stepMs, failedStep, failure, recoveryMs, reports);
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
  public void decide(String answer) {
    decision = answer;
  }
}
