package io.diveops.worker.schedules;

import io.diveops.worker.DiveOpsProperties;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings the schedules in line with the registry each time a worker starts, so a new instance gets
 * its backups and its place in the federation check without anyone remembering to add them. A
 * failure is logged, never fatal: the worker's job is running runbooks, and {@code ./dive-ops
 * schedules apply} can be run by hand.
 */
@Component
public class ScheduleInstaller {
  private static final Logger log = LoggerFactory.getLogger(ScheduleInstaller.class);

  private final WorkflowClient client;
  private final DiveOpsProperties properties;

  public ScheduleInstaller(WorkflowClient client, DiveOpsProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void onReady() {
    if (!properties.backups().schedules()) {
      log.info("schedules not applied: dive-ops.backups.schedules is false");
      return;
    }
    try {
      var applied = schedules(client, properties).apply(enabledInstances(properties));
      log.info("schedules applied: {}", applied);
    } catch (RuntimeException e) {
      log.warn(
          "schedules not applied ({}): run ./dive-ops schedules apply once the cause is fixed",
          e.getMessage());
    }
  }

  public static BackupSchedules schedules(WorkflowClient client, DiveOpsProperties properties) {
    return new BackupSchedules(scheduleClient(client), settings(properties));
  }

  /** The schedules' times and queue, as the settings name them. */
  public static ScheduleSettings settings(DiveOpsProperties properties) {
    var b = properties.backups();
    return new ScheduleSettings(
        properties.taskQueue(),
        b.backupCron(),
        b.verifyCron(),
        properties.federation().verifyCron(),
        b.catchupWindow(),
        properties.drift().cron());
  }

  public static ScheduleClient scheduleClient(WorkflowClient client) {
    return ScheduleClient.newInstance(
        client.getWorkflowServiceStubs(),
        ScheduleClientOptions.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .build());
  }

  public static List<String> enabledInstances(DiveOpsProperties properties) {
    return properties.enabledInstances().keys();
  }
}
