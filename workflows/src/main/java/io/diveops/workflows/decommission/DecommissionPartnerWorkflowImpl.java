package io.diveops.workflows.decommission;

import io.diveops.api.alert.Severity;
import io.diveops.api.backup.BackupInput;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.BackupResult;
import io.diveops.api.decommission.DecommissionActivities;
import io.diveops.api.decommission.DecommissionOutcome;
import io.diveops.api.decommission.DecommissionPartnerInput;
import io.diveops.api.decommission.DecommissionPartnerWorkflow;
import io.diveops.api.decommission.DecommissionPlan;
import io.diveops.api.decommission.DecommissionResult;
import io.diveops.api.federation.FederationReport;
import io.diveops.api.provision.ProvisionActivities;
import io.diveops.api.registry.Finding;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.alert.RunbookAlerts;
import io.diveops.workflows.federation.FederationVerification;
import io.diveops.workflows.lock.InstanceLocks;
import io.diveops.workflows.verify.InstanceVerification;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plan (a dry run ends there); the final backup, before anything changes (it failing refuses the
 * run: nothing is taken out that was not saved); then, holding the lock of the instance and of
 * every instance it federates with: HealthWatch stopped (else it would recover what is being
 * removed), the registry without the instance, each partner's realm brought to it (the pairs and
 * the accounts brokered through them removed, resources re-seeded), the stack removed, the secrets
 * disabled or destroyed, the schedules applied (its own deleted), the instances that remain
 * verified, its records removed.
 *
 * <p>Nothing is compensated: taking out is finished, not undone. Every step finds what is already
 * done, and the registry taken out is kept until the end, so a run that stopped at a step (paged,
 * {@code INCOMPLETE}) is finished by running the same decommission again.
 */
public class DecommissionPartnerWorkflowImpl implements DecommissionPartnerWorkflow {
  static final Duration LOCK_WAIT = Duration.ofMinutes(10);

  private final DecommissionActivities activities =
      Workflow.newActivityStub(DecommissionActivities.class);
  private final ProvisionActivities realms = Workflow.newActivityStub(ProvisionActivities.class);
  private final Map<String, Long> stepMs = new LinkedHashMap<>();
  private final List<String> changes = new ArrayList<>();
  private final List<VerificationReport> remaining = new ArrayList<>();
  private final InstanceLocks locks = new InstanceLocks();
  private String finalBackup;
  private FederationReport federation;
  private long started;

  @Override
  public DecommissionResult decommission(DecommissionPartnerInput input) {
    Runbooks.tagRun(TYPE);
    started = Workflow.currentTimeMillis();
    DecommissionPlan plan = activities.planDecommission(input);
    step("plan");
    String key = plan.key();
    if (!plan.errors().isEmpty()) {
      return result(key, DecommissionOutcome.REJECTED, plan, plan.errors(), null);
    }
    Runbooks.tagInstance(key);
    if (Boolean.TRUE.equals(input.dryRun())) {
      return result(key, DecommissionOutcome.PLANNED, plan, List.of(), null);
    }
    List<String> involved = new ArrayList<>(plan.partners());
    involved.add(key);
    Optional<String> blocker = locks.acquire(involved, LOCK_WAIT);
    if (blocker.isPresent()) {
      return result(
          key,
          DecommissionOutcome.REJECTED,
          plan,
          List.of(new Finding("$.instance", "instance-locked", blocker.get())),
          null);
    }
    step("lock");
    String current = "final-backup";
    try {
      if (!plan.resumed()) {
        Optional<String> backupFailed = finalBackup(key);
        if (backupFailed.isPresent()) {
          locks.release();
          return result(
              key,
              DecommissionOutcome.REJECTED,
              plan,
              List.of(new Finding("$.instance", "final-backup-failed", backupFailed.get())),
              "final-backup: " + backupFailed.get());
        }
      } else {
        changes.add("final backup: taken by the run that began this decommission");
      }
      step(current);

      current = "health-watch";
      changes.add("health-watch: " + activities.stopWatcher(key));
      step(current);

      current = "registry";
      activities.commitDecommission(key);
      changes.add("registry: " + key + " removed, and from the matrix rows of " + plan.partners());
      step(current);

      current = "federation";
      for (String partner : plan.partners()) {
        realms
            .federateInstance(partner)
            .forEach(change -> changes.add("federation " + partner + ": " + change));
      }
      step(current);

      current = "stack";
      activities
          .removeInstanceStack(key, plan.purge())
          .forEach(line -> changes.add("stack: " + line));
      step(current);

      current = "secrets";
      changes.add("secrets: " + String.join(", ", activities.retireSecrets(key, plan.purge())));
      step(current);

      current = "schedules";
      changes.add("schedules: " + String.join(", ", realms.applySchedules()));
      step(current);

      current = "verify";
      verifyRemaining(plan.partners());
      step(current);
      if (!passed()) {
        throw new VerificationFailed(summary());
      }

      current = "records";
      activities.finishDecommission(key);
      step(current);
    } catch (TemporalFailure | VerificationFailed e) {
      String failure =
          current + ": " + (e instanceof TemporalFailure t ? Runbooks.reason(t) : e.getMessage());
      locks.release();
      // Also for a cancelled run: someone must finish what was begun.
      Workflow.newDetachedCancellationScope(
              () ->
                  RunbookAlerts.send(
                      key,
                      "decommission",
                      "decommission|" + Workflow.getInfo().getWorkflowId(),
                      Severity.CRITICAL,
                      "decommissioning "
                          + key
                          + " stopped at "
                          + failure
                          + "; done: "
                          + String.join("; ", changes)
                          + ". Run runbooks/decommission-partner.sh "
                          + key
                          + (plan.purge() ? " --purge" : "")
                          + " again to finish it"))
          .run();
      return result(key, DecommissionOutcome.INCOMPLETE, plan, List.of(), failure);
    }
    locks.release();
    return result(key, DecommissionOutcome.DECOMMISSIONED, plan, List.of(), null);
  }

  /** A final backup, kept: empty once taken, else why not. */
  private Optional<String> finalBackup(String key) {
    BackupInstanceWorkflow backup =
        Workflow.newChildWorkflowStub(
            BackupInstanceWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-final-backup")
                .build());
    try {
      BackupResult result = backup.backup(BackupInput.of(key));
      finalBackup = result.backupId();
      changes.add("final backup: " + result.backupId() + " " + result.status() + ", kept");
      return Optional.empty();
    } catch (ChildWorkflowFailure e) {
      return Optional.of(
          "the final backup failed, so nothing was taken out: " + Runbooks.reason(e));
    }
  }

  /** VerifyInstance of each instance that federated with it, then VerifyFederation among them. */
  private void verifyRemaining(List<String> partners) {
    for (String partner : partners) {
      remaining.add(InstanceVerification.asChild(partner, "remaining-" + partner));
    }
    if (partners.size() > 1) {
      federation = FederationVerification.asChild(partners, "remaining");
    }
  }

  private boolean passed() {
    return remaining.stream().allMatch(VerificationReport::passed)
        && (federation == null || federation.verdict() == Verdict.PASS);
  }

  private String summary() {
    List<String> failed = new ArrayList<>();
    remaining.stream()
        .filter(r -> !r.passed())
        .forEach(r -> failed.add(r.instance() + ": " + String.join(", ", r.failedChecks())));
    if (federation != null && federation.verdict() != Verdict.PASS) {
      failed.add(federation.failed() + " of " + federation.pairs().size() + " pairs failed");
    }
    return "the remaining instances do not verify: " + String.join("; ", failed);
  }

  @Override
  public void lockState(String instance, String holder) {
    locks.onLockState(instance, holder);
  }

  private void step(String name) {
    long now = Workflow.currentTimeMillis();
    stepMs.put(name, now - started);
    started = now;
  }

  private DecommissionResult result(
      String key,
      DecommissionOutcome outcome,
      DecommissionPlan plan,
      List<Finding> errors,
      String failure) {
    return new DecommissionResult(
        key, outcome, plan, errors, finalBackup, stepMs, changes, remaining, federation, failure);
  }

  /** The remaining instances did not verify: the run is incomplete, not failed. */
  private static final class VerificationFailed extends RuntimeException {
    VerificationFailed(String message) {
      super(message);
    }
  }
}
