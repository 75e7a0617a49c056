package io.diveops.workflows;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every activity's timeouts, retries and cancellation, set once per activity type and handed to the
 * worker with each workflow implementation (Temporal's per-activity options), so workflow code asks
 * for a stub without options. Only options computed from a run's input (a verification's time
 * budget, the self-test's hold) or chosen by a workflow version are still given where the stub is
 * made.
 */
public final class ActivityPolicies {
  /** Seconds of local work (files, Docker inspection); retried freely. */
  public static final ActivityOptions BOOKKEEPING = options(Duration.ofMinutes(1), 5);

  /** A message to the alert group workflow: quick, and never worth blocking a runbook for long. */
  static final ActivityOptions ENQUEUE = options(Duration.ofSeconds(10), 5);

  /** Posting to the webhook: a receiver that is down is retried for about ten minutes. */
  static final ActivityOptions POST =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(12)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  /** Asking for or giving back a lock must not fail a run: retried until the server answers. */
  static final ActivityOptions LOCK_SIGNAL =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(10)).build())
          .build();

  /**
   * Replacing or restoring a container waits for health (Keycloak needs minutes on a busy host);
   * the heartbeat timeout lets a dead worker's attempt be retried elsewhere within seconds. On
   * cancellation the run waits until the step has stopped (it learns at its next heartbeat), so a
   * compensation never races it for the same container name and ports.
   */
  public static final ActivityOptions CONTAINER_CHANGE =
      ActivityOptions.newBuilder()
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setStartToCloseTimeout(Duration.ofMinutes(8))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(3)
                  .setInitialInterval(Duration.ofSeconds(2))
                  .build())
          .build();

  /**
   * Dumps and restores of a large instance take long; the heartbeat lets a dead worker's attempt be
   * taken over within seconds. Each attempt redoes its step from the start.
   */
  public static ActivityOptions dataSteps(int attempts) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofHours(2))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(attempts)
                .setInitialInterval(Duration.ofSeconds(2))
                .build())
        .build();
  }

  private static final Map<String, ActivityOptions> BY_TYPE = byType();

  /** Activity types whose options are computed where the stub is made (see the class comment). */
  static final Set<String> GIVEN_AT_STUB =
      Set.of(
          "Hold",
          "CheckContainers",
          "CheckHttpHealth",
          "CheckOidcToken",
          "CheckIdentityProviders",
          "CheckPolicyDecisions",
          "CheckDatastores",
          "CheckArtifacts",
          "RestoreTest",
          "RemoveRestoreTest",
          "SweepRestoreTests",
          "RestoreLive");

  private ActivityPolicies() {}

  /** What the worker registers every workflow implementation with. */
  public static WorkflowImplementationOptions options() {
    return WorkflowImplementationOptions.newBuilder()
        .setDefaultActivityOptions(BOOKKEEPING)
        .setActivityOptions(BY_TYPE)
        .build();
  }

  /** The activity types that have options of their own. */
  static Set<String> configuredTypes() {
    return BY_TYPE.keySet();
  }

  private static Map<String, ActivityOptions> byType() {
    Map<String, ActivityOptions> types = new HashMap<>();
    put(types, BOOKKEEPING, "Plan", "Checkpoint", "Commit", "Leftovers");
    put(types, ENQUEUE, "Enqueue");
    put(types, POST, "Post");
    put(types, LOCK_SIGNAL, "RequestLock", "ReleaseLock");
    put(types, options(Duration.ofSeconds(10), 3), "RunState");
    // HealthWatch probes again within seconds: a failed probe is not worth many retries.
    put(types, options(Duration.ofSeconds(10), 2), "Holder");
    put(types, options(Duration.ofSeconds(30), 2), "Probe", "StartRecovery");
    put(
        types,
        options(Duration.ofSeconds(30), 3),
        "Check",
        "PreviousRelease",
        "DescribeInstance",
        "Pairs");
    // One brokered login is bounded in seconds and a failed login is a result: a second attempt
    // only covers a worker lost mid-login.
    put(types, options(Duration.ofSeconds(60), 2), "VerifyPair");
    put(types, options(Duration.ofSeconds(30), 5), "ValidateRegistry");
    // Read-only, but they ask the partner's Docker host for images: a remote host may be slow.
    put(types, options(Duration.ofMinutes(2), 3), "ValidatePartner", "PlanPartner");
    // Provisioning's steps are idempotent (each finds what exists), so a retry finishes the step.
    put(
        types,
        options(Duration.ofSeconds(30), 5),
        "AlreadyProvisioned",
        "CommitPartner",
        "RestoreRegistry");
    put(
        types,
        options(Duration.ofMinutes(2), 3),
        "PartnerSecrets",
        "DestroySecrets",
        "FederateInstance",
        "ApplySchedules");
    // A new Keycloak imports its realm on a cold start: minutes on two cores. It heartbeats, so a
    // lost worker's attempt is taken over within seconds (each attempt finds what the last made),
    // and a cancelled run waits until the step has stopped before its compensation removes the
    // stack (else the step would go on creating containers behind it).
    put(
        types,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(15))
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setMaximumAttempts(3)
                    .setInitialInterval(Duration.ofSeconds(2))
                    .build())
            .build(),
        "StartPartnerStack");
    put(types, options(Duration.ofMinutes(5), 3), "RemovePartnerStack", "RemoveInstanceStack");
    // Decommissioning's steps find what is already done: a retry finishes the step.
    put(
        types,
        options(Duration.ofMinutes(2), 3),
        "PlanDecommission",
        "RetireSecrets",
        "StopWatcher");
    put(types, options(Duration.ofSeconds(30), 5), "CommitDecommission", "FinishDecommission");
    // Detection reads only and reports what it cannot read as items: retried once for a lost
    // worker; Docker and Keycloak each bound their own calls well inside the two minutes.
    put(types, options(Duration.ofSeconds(30), 5), "DriftInstances", "CurrentRelease");
    // Reconcile puts the generated realm and the shipped policy back: idempotent, so a retry after
    // a lost worker or a Keycloak busy for a moment finishes the same change.
    put(types, options(Duration.ofMinutes(2), 3), "ReconcileRealm", "ReconcileOpa");
    put(types, options(Duration.ofMinutes(2), 2), "DetectInstance");
    put(types, CONTAINER_CHANGE, "ReplaceService", "RestoreService", "RepairLeftovers");
    put(
        types,
        ActivityOptions.newBuilder(CONTAINER_CHANGE)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setMaximumAttempts(3)
                    .setInitialInterval(Duration.ofSeconds(1))
                    .build())
            .build(),
        "Restart",
        "Recreate");
    put(
        types,
        options(Duration.ofMinutes(2), 5),
        "Prepare",
        "Publish",
        "Discard",
        "ApplyRetention",
        "Resolve",
        "RecordVerification");
    put(types, dataSteps(3), "DumpPostgres", "DumpMongo", "DumpRedis", "DumpVolumes", "DumpConfig");
    return Map.copyOf(types);
  }

  private static void put(
      Map<String, ActivityOptions> types, ActivityOptions options, String... activityTypes) {
    for (String type : List.of(activityTypes)) {
      if (types.put(type, options) != null) {
        throw new IllegalStateException("activity type " + type + " has options twice");
      }
    }
  }

  private static ActivityOptions options(Duration startToClose, int attempts) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(attempts).build())
        .build();
  }
}
