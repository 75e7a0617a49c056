package io.diveops.workflows.deploy;

import io.diveops.api.deploy.Checkpoint;
import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployOutcome;
import io.diveops.api.deploy.DeployPlan;
import io.diveops.api.deploy.DeployResult;
import io.diveops.api.verify.VerificationReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one deploy run has learned so far: the plan, the checkpoint, step timings, verifications
 * and, once something failed, where and why. Each step fills in its part; {@link #end} turns it
 * into the result, so no step passes nine values along.
 */
final class DeployRun {
  private final DeployInput input;
  final Map<String, Long> stepMs = new LinkedHashMap<>();
  final List<VerificationReport> verifications = new ArrayList<>();

  /** The services this run replaced, in order: what compensation puts back, in reverse. */
  final List<String> replaced = new ArrayList<>();

  DeployPlan plan;
  Checkpoint checkpoint;

  /** The step running now: once a failure is caught, the step that failed. */
  String step;

  String failure;
  private Long recoveryMs;
  private String operator;
  private DeployResult result;

  DeployRun(DeployInput input) {
    this.input = input;
  }

  String instance() {
    return input.instance();
  }

  /** The step about to run; it is the failed step if a failure is caught before the next one. */
  void step(String name) {
    step = name;
  }

  void failed(String reason) {
    failure = reason;
  }

  /** From the failure being detected to the previous version verified serving. */
  void recoveredIn(long ms) {
    recoveryMs = ms;
  }

  /** What an operator answered to a failed rollback, added to the failure. */
  void operatorAnswered(String problem, String answer) {
    operator = problem + "; operator: " + answer;
  }

  DeployResult end(DeployOutcome outcome) {
    boolean failedRun =
        outcome == DeployOutcome.ROLLED_BACK
            || outcome == DeployOutcome.ROLLBACK_FAILED
            || outcome == DeployOutcome.FAILED;
    String why = failure == null ? null : operator == null ? failure : failure + "; " + operator;
    result =
        new DeployResult(
            input.instance(),
            outcome,
            plan,
            checkpoint,
            stepMs,
            failedRun ? step : null,
            failedRun ? why : null,
            outcome == DeployOutcome.ROLLED_BACK ? recoveryMs : null,
            verifications);
    return result;
  }

  /** The result {@link #end} made, for code that ended the run inside a detached scope. */
  DeployResult result() {
    return result;
  }
}
