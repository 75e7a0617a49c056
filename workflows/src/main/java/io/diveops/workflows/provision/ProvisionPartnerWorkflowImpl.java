package io.diveops.workflows.provision;

import io.diveops.api.Answers;
import io.diveops.api.FailureType;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.Severity;
import io.diveops.api.backup.BackupInput;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.BackupResult;
import io.diveops.api.federation.FederationReport;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchWorkflow;
import io.diveops.api.provision.PartnerValidation;
import io.diveops.api.provision.ProvisionActivities;
import io.diveops.api.provision.ProvisionAnswer;
import io.diveops.api.provision.ProvisionOutcome;
import io.diveops.api.provision.ProvisionPartnerInput;
import io.diveops.api.provision.ProvisionPartnerWorkflow;
import io.diveops.api.provision.ProvisionPlan;
import io.diveops.api.provision.ProvisionResult;
import io.diveops.api.registry.Finding;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.alert.RunbookAlerts;
import io.diveops.workflows.federation.FederationVerification;
import io.diveops.workflows.health.IncidentAlerts;
import io.diveops.workflows.lock.InstanceLocks;
import io.diveops.workflows.verify.InstanceVerification;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validate and plan (a dry run ends there); then, holding the lock of the partner and of every
 * instance it trusts (taken in one sorted order, so two provisionings or a deploy never deadlock):
 * the registry committed, the secrets, the stack through the code {@code sandbox up} runs, the
 * federation at every instance involved, verification of the partner and of every pair both ways,
 * and operation (HealthWatch, schedules, a first backup). Any failure or cancellation after the
 * lock compensates in reverse, detached from cancellation: the registry put back, the pairs removed
 * at every trusted instance, the stack and its volumes removed, the secrets destroyed; then the
 * remaining instances are verified. A partner already provisioned as asked is verified and left:
 * {@code NO_CHANGE}.
 */
public class ProvisionPartnerWorkflowImpl implements ProvisionPartnerWorkflow {
  static final Finding NOT_BUILT =
      new Finding(
          "$.dryRun",
          "not-built-yet",
          "provisioning itself is not built yet: run with --dry-run (dryRun: true)");

  /** Runs recorded before provisioning existed replay as they ran: refused after planning. */
  static final String STEPS_CHANGE = "provision-steps";

  static final Duration LOCK_WAIT = Duration.ofMinutes(10);

  /** Runs recorded before a failed compensation waited for an operator page once and end. */
  static final String WAITS_CHANGE = "compensation-waits";

  static final Duration REMIND_EVERY = Duration.ofMinutes(15);

  private final ProvisionActivities activities =
      Workflow.newActivityStub(ProvisionActivities.class);
  private final Map<String, Long> stepMs = new LinkedHashMap<>();
  private final InstanceLocks locks = new InstanceLocks();
  private final List<String> changes = new ArrayList<>();
  private final List<String> compensation = new ArrayList<>();
  private String step = "validate";
  private ProvisionAnswer decision;
  private boolean waitingForDecision;
  private String progress;

  @Override
  public ProvisionResult provision(ProvisionPartnerInput input) {
    Runbooks.tagRun(TYPE);
    boolean provisions = Workflow.getVersion(STEPS_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
    long started = Workflow.currentTimeMillis();
    if (provisions
        && !Boolean.TRUE.equals(input.dryRun())
        && activities.alreadyProvisioned(input)) {
      return alreadyThere(input);
    }
    PartnerValidation validation = activities.validatePartner(input);
    started = step("validate", started);
    if (validation.key() != null) {
      Runbooks.tagInstance(validation.key());
    }
    if (!validation.valid()) {
      return result(validation, ProvisionOutcome.REJECTED, null, validation.errors());
    }
    ProvisionPlan plan = activities.planPartner(input);
    started = step("plan", started);
    if (Boolean.TRUE.equals(input.dryRun())) {
      return result(validation, ProvisionOutcome.PLANNED, plan, List.of());
    }
    if (!provisions) {
      return result(validation, ProvisionOutcome.REJECTED, plan, List.of(NOT_BUILT));
    }

    String key = plan.key();
    List<String> involved = new ArrayList<>(plan.trust());
    involved.add(key);
    involved.sort(null);
    Optional<String> blocker = locks.acquire(involved, LOCK_WAIT);
    if (blocker.isPresent()) {
      return result(
          validation,
          ProvisionOutcome.REJECTED,
          plan,
          List.of(new Finding("$.trust", "instance-locked", blocker.get())));
    }
    started = step("lock", started);

    VerificationReport verification = null;
    FederationReport federation = null;
    try {
      this.step = "commit";
      activities.commitPartner(input);
      changes.add("registry: " + key + " added, the federation matrix updated both ways");
      started = step("commit", started);

      this.step = "secrets";
      List<String> secrets = activities.partnerSecrets(key);
      changes.add("secrets: " + String.join(", ", secrets));
      started = step("secrets", started);

      this.step = "stack";
      activities.startPartnerStack(key, plan.release());
      changes.add("stack: " + key + " from release " + plan.release() + ", every service healthy");
      started = step("stack", started);

      this.step = "federation";
      for (String instance : federationOrder(key, plan.trust())) {
        activities
            .federateInstance(instance)
            .forEach(change -> changes.add("federation " + instance + ": " + change));
      }
      started = step("federation", started);

      this.step = "verify";
      // One after the other: a Keycloak that has just started answers both, and two cores.
      verification = InstanceVerification.asChild(key, "provision");
      federation = FederationVerification.asChild(involved, "provision");
      started = step("verify", started);
      if (!verification.passed() || federation.verdict() != Verdict.PASS) {
        throw ApplicationFailure.newNonRetryableFailure(
            "verification failed: "
                + (verification.passed()
                    ? ""
                    : key + ": " + String.join(", ", verification.failedChecks()) + "; ")
                + federation.failed()
                + " of "
                + federation.pairs().size()
                + " pairs failed",
            FailureType.VERIFICATION_FAILED.type());
      }
    } catch (TemporalFailure e) {
      String failure = step + ": " + Runbooks.reason(e);
      progress = "compensating after " + failure;
      long compensating = Workflow.currentTimeMillis();
      Workflow.newDetachedCancellationScope(() -> compensate(input, plan)).run();
      boolean undone = undone();
      stepMs.put("compensate", Workflow.currentTimeMillis() - compensating);
      if (!undone && Workflow.getVersion(WAITS_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
        // The locks stay held while a human looks: nothing else may change a half-undone pair.
        Workflow.newDetachedCancellationScope(() -> awaitOperator(input, plan, failure)).run();
        undone = undone();
        releaseLocks();
      } else if (!undone) {
        releaseLocks();
        RunbookAlerts.send(
            key,
            "provision",
            "provision|" + Workflow.getInfo().getWorkflowId(),
            Severity.CRITICAL,
            "provisioning "
                + key
                + " failed ("
                + failure
                + ") and its compensation did not finish: "
                + String.join("; ", compensation));
      } else {
        releaseLocks();
      }
      return new ProvisionResult(
          key,
          undone ? ProvisionOutcome.ROLLED_BACK : ProvisionOutcome.ROLLBACK_FAILED,
          plan,
          List.of(),
          validation.warnings(),
          stepMs,
          changes,
          verification,
          federation,
          failure,
          compensation);
    }
    releaseLocks();

    // Operating a verified partner: a failure here is reported, never undone (the partner works).
    List<Finding> warnings = new ArrayList<>(validation.warnings());
    operate(key, warnings);
    step("operate", started);
    return new ProvisionResult(
        key,
        ProvisionOutcome.PROVISIONED,
        plan,
        List.of(),
        warnings,
        stepMs,
        changes,
        verification,
        federation,
        null,
        List.of());
  }

  /** The partner first (its realm is new), then each instance it trusts. */
  static List<String> federationOrder(String key, List<String> trust) {
    List<String> order = new ArrayList<>();
    order.add(key);
    order.addAll(trust);
    return order;
  }

  /**
   * In reverse: the registry put back (so what follows reads the registry without the partner), the
   * pairs removed at every trusted instance, the partner's stack and volumes removed, its secrets
   * destroyed; then the instances that remain are verified. Each step runs even when an earlier one
   * failed; every outcome is recorded.
   */
  private void compensate(ProvisionPartnerInput input, ProvisionPlan plan) {
    String key = plan.key();
    undo("registry restored", () -> activities.restoreRegistry(key));
    for (String trusted : plan.trust()) {
      undo(
          "federation " + trusted + ": pairs with " + key + " removed",
          () -> activities.federateInstance(trusted));
    }
    undo("stack of " + key + " removed", () -> activities.removePartnerStack(input));
    undo("secrets of " + key + " destroyed", () -> activities.destroySecrets(partnerSecrets(plan)));
    if (plan.trust().size() > 1) {
      FederationReport remaining = FederationVerification.asChild(plan.trust(), "compensation");
      compensation.add(
          "VerifyFederation among "
              + String.join(",", plan.trust())
              + ": "
              + remaining.verdict()
              + (remaining.verdict() == Verdict.PASS ? "" : ": FAILED"));
    }
  }

  /**
   * The secrets the plan creates (never values): those that existed before the run are the
   * operator's, and stay.
   */
  static List<String> partnerSecrets(ProvisionPlan plan) {
    return plan.changes().stream()
        .filter(c -> c.kind().equals("secret") && c.action().equals("create"))
        .map(c -> c.name())
        .distinct()
        .sorted()
        .toList();
  }

  private void undo(String what, Runnable step) {
    try {
      step.run();
      compensation.add(what + ": done");
    } catch (TemporalFailure e) {
      compensation.add(what + ": FAILED: " + Runbooks.reason(e));
    }
  }

  /** HealthWatch (it outlives this run), the schedules, a first backup. */
  private void operate(String key, List<Finding> warnings) {
    HealthWatchWorkflow watch =
        Workflow.newChildWorkflowStub(
            HealthWatchWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(HealthWatchInput.workflowId(key))
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .build());
    try {
      Async.procedure(
          watch::watch,
          HealthWatchInput.of(
              key, HealthWatchInput.DEFAULT_INTERVAL_SECONDS, HealthWatchInput.DEFAULT_THRESHOLD));
      Workflow.getWorkflowExecution(watch).get();
      changes.add("operate: HealthWatch " + HealthWatchInput.workflowId(key) + " started");
    } catch (ChildWorkflowFailure e) {
      warnings.add(warning("health-watch", "HealthWatch not started: " + Runbooks.reason(e)));
    }
    try {
      changes.add("operate: schedules " + String.join(", ", activities.applySchedules()));
    } catch (TemporalFailure e) {
      warnings.add(warning("schedules", "schedules not applied: " + Runbooks.reason(e)));
    }
    BackupInstanceWorkflow backup =
        Workflow.newChildWorkflowStub(
            BackupInstanceWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-first-backup")
                .build());
    try {
      BackupResult first = backup.backup(BackupInput.of(key));
      changes.add("operate: first backup " + first.backupId() + " " + first.status());
    } catch (ChildWorkflowFailure e) {
      warnings.add(warning("first-backup", "first backup failed: " + Runbooks.reason(e)));
    }
  }

  private static Finding warning(String rule, String message) {
    return new Finding("$", rule, message);
  }

  /** Already provisioned as asked: verified, and left as it is. */
  private ProvisionResult alreadyThere(ProvisionPartnerInput input) {
    String key = input.resolvedKey();
    Runbooks.tagInstance(key);
    long started = Workflow.currentTimeMillis();
    VerificationReport verification = InstanceVerification.asChild(key, "already");
    FederationReport federation = FederationVerification.asChild(List.of(), "already");
    step("verify", started);
    boolean passes = verification.passed() && federation.verdict() == Verdict.PASS;
    return new ProvisionResult(
        key,
        passes ? ProvisionOutcome.NO_CHANGE : ProvisionOutcome.REJECTED,
        null,
        passes
            ? List.of()
            : List.of(
                new Finding(
                    "$.key",
                    "already-provisioned",
                    key
                        + " is already provisioned as asked but does not verify: see the reports;"
                        + " repair it (deploy-instance, recover-service) rather than provision it"
                        + " again")),
        List.of(),
        stepMs,
        List.of(),
        verification,
        federation,
        null,
        List.of());
  }

  private boolean undone() {
    return compensation.stream().noneMatch(c -> c.contains(": FAILED"));
  }

  /**
   * Pages (critical), reminds every 15 minutes while no one answers, and on {@code retry} runs the
   * whole compensation again (each step finds what is already undone) until it finishes or an
   * operator answers {@code abort}.
   *
   * <p>The last round's outcomes stay in {@code compensation}: an abort leaves a FAILED one there.
   */
  private void awaitOperator(ProvisionPartnerInput input, ProvisionPlan plan, String failure) {
    String key = plan.key();
    IncidentAlerts alerts = IncidentAlerts.critical(key, "provision");
    while (true) {
      // The answer first: a page's summary is cut at 300 characters.
      alerts.page(
          "ROLLBACK_FAILED provisioning "
              + key
              + ", answer with runbooks/provision-partner.sh --decide "
              + key
              + " retry|abort; the instances involved stay locked; it failed ("
              + failure
              + ") and its compensation did not finish: "
              + String.join("; ", compensation));
      decision = null;
      waitingForDecision = true;
      progress =
          "ROLLBACK_FAILED: waiting for an operator's answer (runbooks/provision-partner.sh"
              + " --decide "
              + key
              + " retry|abort)";
      long since = Workflow.currentTimeMillis();
      while (!Workflow.await(REMIND_EVERY, () -> decision != null)) {
        alerts.send(
            AlertStatus.REMINDER,
            alerts.severity(),
            "still waiting for an operator ("
                + (Workflow.currentTimeMillis() - since) / 60_000
                + " min): ROLLBACK_FAILED provisioning "
                + key);
      }
      waitingForDecision = false;
      progress = "compensating again: an operator answered " + Answers.word(decision);
      if (decision != ProvisionAnswer.RETRY) {
        compensation.add("an operator answered abort: what is left is theirs");
        alerts.send(AlertStatus.RESOLVED, Severity.INFO, "an operator answered abort");
        return;
      }
      // Only the last round counts: the earlier outcomes are history, kept in the result.
      compensation.replaceAll(c -> c.replace(": FAILED", ": failed before the retry"));
      compensation.add("an operator answered retry");
      compensate(input, plan);
      if (undone()) {
        alerts.send(
            AlertStatus.RESOLVED, Severity.INFO, "compensation finished after an operator's retry");
        return;
      }
    }
  }

  @Override
  public String progress() {
    return progress == null ? step : progress;
  }

  @Override
  public String answer(String word) {
    decision = Answers.parse(ProvisionAnswer.class, word);
    return "answered " + Answers.word(decision);
  }

  @Override
  public void validateAnswer(String word) {
    Answers.parse(ProvisionAnswer.class, word);
    if (!waitingForDecision) {
      throw new IllegalStateException(
          "this provisioning is not waiting for an answer (it is at step " + step + ")");
    }
  }

  @Override
  public void lockState(String instance, String holder) {
    locks.onLockState(instance, holder);
  }

  private void releaseLocks() {
    locks.release();
  }

  /** Records how long the step took; returns when the next one starts. */
  private long step(String name, long started) {
    long now = Workflow.currentTimeMillis();
    stepMs.put(name, now - started);
    return now;
  }

  private ProvisionResult result(
      PartnerValidation validation,
      ProvisionOutcome outcome,
      ProvisionPlan plan,
      List<Finding> errors) {
    return new ProvisionResult(
        validation.key(), outcome, plan, errors, validation.warnings(), stepMs);
  }
}
