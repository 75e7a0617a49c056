package io.diveops.worker.cli;

import io.diveops.worker.Settings;
import io.diveops.worker.schedules.BackupSchedules;
import io.diveops.worker.schedules.ScheduleInstaller;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/**
 * {@code dive-ops schedules apply|list}: the backup, restore-test and federation schedules, applied
 * from the registry (as a starting worker does) or listed with their next run times.
 */
public class SchedulesCommand {
  static final String USAGE = "usage: dive-ops schedules apply|list";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final PrintStream err;
  private final Settings settings;

  /**
   * @param settings the Temporal connection, task queue, schedules and registry the worker uses
   */
  public SchedulesCommand(PrintStream out, PrintStream err, Settings settings) {
    this.out = out;
    this.err = err;
    this.settings = settings;
  }

  public int run(String... args) {
    if (args.length != 1 || !(args[0].equals("apply") || args[0].equals("list"))) {
      err.println(USAGE);
      return 2;
    }
    String address = settings.temporalTarget();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(
              service,
              WorkflowClientOptions.newBuilder()
                  .setNamespace(settings.temporalNamespace())
                  .build());
      // Built as a starting worker builds them: same settings, same schema override.
      BackupSchedules schedules = ScheduleInstaller.schedules(client, settings.diveOps());
      if (args[0].equals("apply")) {
        var instances = ScheduleInstaller.enabledInstances(settings.diveOps());
        schedules.apply(instances).forEach(a -> out.println(a.action() + " " + a.scheduleId()));
      } else {
        out.printf(
            "%-32s %-16s %-12s %-7s %s%n",
            "SCHEDULE", "RUNBOOK", "CRON (UTC)", "PAUSED", "NEXT RUNS");
        for (BackupSchedules.Listed s : schedules.list()) {
          out.printf(
              "%-32s %-16s %-12s %-7s %s%n",
              s.scheduleId(),
              s.workflowType(),
              s.cron(),
              s.paused() ? "yes" : "no",
              s.nextRuns().stream().map(TIME::format).collect(Collectors.joining(", ")));
        }
      }
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("schedules " + args[0] + ": " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println(
          "schedules " + args[0] + ": cannot reach Temporal at " + address + ": " + e.getMessage());
      return 1;
    } finally {
      service.shutdownNow();
    }
  }
}
