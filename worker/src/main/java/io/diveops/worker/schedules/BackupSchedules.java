package io.diveops.worker.schedules;

import io.diveops.api.ScheduleIds;
import io.diveops.api.backup.BackupInput;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.VerifyBackupInput;
import io.diveops.api.backup.VerifyBackupWorkflow;
import io.diveops.api.drift.DetectDriftInput;
import io.diveops.api.drift.DetectDriftWorkflow;
import io.diveops.api.federation.VerifyFederationInput;
import io.diveops.api.federation.VerifyFederationWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Temporal Schedules DIVE Ops owns: a daily backup and a weekly restore test per enabled
 * instance, a daily verification of the whole federation matrix (T09) once two instances can
 * federate, and an hourly drift check of every enabled instance. Applying is idempotent: a schedule
 * that exists is updated in place (its paused state kept), a missing one is created, and one for an
 * instance no longer enabled is deleted. Only ids under {@link #PREFIX} are touched: operators' own
 * schedules are left alone.
 */
public class BackupSchedules {
  public static final String PREFIX = ScheduleIds.PREFIX;

  /** The one federation check: every pair of the enabled instances at the time it runs. */
  public static final String VERIFY_FEDERATION = ScheduleIds.VERIFY_FEDERATION;

  private final ScheduleClient client;
  private final ScheduleSettings settings;

  public BackupSchedules(ScheduleClient client, ScheduleSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** What applying did to one schedule. */
  public record Applied(String scheduleId, String action) {}

  /** One schedule as an operator wants to see it. */
  public record Listed(
      String scheduleId,
      String workflowType,
      String cron,
      boolean paused,
      List<Instant> nextRuns,
      Instant lastRun) {}

  public List<Applied> apply(List<String> instances) {
    Map<String, Schedule> desired = new LinkedHashMap<>();
    for (String instance : instances) {
      desired.put(
          ScheduleIds.backup(instance),
          schedule(
              BackupInstanceWorkflow.TYPE,
              "backup-instance-" + instance,
              BackupInput.of(instance),
              settings.backupCron()));
      desired.put(
          ScheduleIds.verifyBackup(instance),
          schedule(
              VerifyBackupWorkflow.TYPE,
              "verify-backup-" + instance,
              new VerifyBackupInput(instance, "latest"),
              settings.verifyCron()));
    }
    if (instances.size() > 1) {
      desired.put(
          VERIFY_FEDERATION,
          schedule(
              VerifyFederationWorkflow.TYPE,
              "verify-federation-all",
              VerifyFederationInput.all(),
              settings.federationCron()));
    }
    if (!instances.isEmpty() && settings.driftCron() != null && !settings.driftCron().isBlank()) {
      desired.put(
          ScheduleIds.DETECT_DRIFT,
          schedule(
              DetectDriftWorkflow.TYPE,
              "detect-drift-all",
              DetectDriftInput.all(),
              settings.driftCron()));
    }
    List<Applied> applied = new ArrayList<>();
    for (var entry : desired.entrySet()) {
      String id = entry.getKey();
      if (exists(id)) {
        client
            .getHandle(id)
            .update(
                current ->
                    new ScheduleUpdate(
                        Schedule.newBuilder(entry.getValue())
                            .setState(current.getDescription().getSchedule().getState())
                            .build()));
        applied.add(new Applied(id, "updated"));
      } else {
        try {
          client.createSchedule(
              id,
              entry.getValue(),
              ScheduleOptions.newBuilder().setMemo(Map.of("managedBy", "dive-ops")).build());
          applied.add(new Applied(id, "created"));
        } catch (ScheduleAlreadyRunningException e) {
          // Created meanwhile by another worker starting at the same time: bring it in line.
          client.getHandle(id).update(current -> new ScheduleUpdate(entry.getValue()));
          applied.add(new Applied(id, "updated"));
        }
      }
    }
    // Listing goes through visibility, which may lag a moment behind: only used to find leftovers.
    List<String> existing = ours();
    for (String id : existing) {
      if (!desired.containsKey(id)) {
        client.getHandle(id).delete();
        applied.add(new Applied(id, "deleted"));
      }
    }
    return applied;
  }

  public List<Listed> list() {
    List<Listed> listed = new ArrayList<>();
    for (String id : ours()) {
      ScheduleDescription d = client.getHandle(id).describe();
      var action = (ScheduleActionStartWorkflow) d.getSchedule().getAction();
      var recent = d.getInfo().getRecentActions();
      listed.add(
          new Listed(
              id,
              action.getWorkflowType(),
              CronText.of(d.getSchedule().getSpec()),
              d.getSchedule().getState() != null && d.getSchedule().getState().isPaused(),
              d.getInfo().getNextActionTimes().stream().limit(3).toList(),
              recent.isEmpty() ? null : recent.get(recent.size() - 1).getScheduledAt()));
    }
    return listed;
  }

  private boolean exists(String id) {
    try {
      client.getHandle(id).describe();
      return true;
    } catch (ScheduleException e) {
      return false;
    }
  }

  private List<String> ours() {
    return client
        .listSchedules()
        .map(ScheduleListDescription::getScheduleId)
        .filter(id -> id.startsWith(PREFIX))
        .sorted()
        .collect(Collectors.toList());
  }

  private Schedule schedule(String workflowType, String workflowId, Object input, String cron) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(workflowType)
                .setArguments(input)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(settings.taskQueue())
                        .build())
                .build())
        .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(settings.catchupWindow())
                .build())
        .build();
  }
}
