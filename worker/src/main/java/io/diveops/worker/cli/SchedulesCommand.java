package io.diveops.worker.cli;

import io.diveops.activities.registry.EnabledInstances;
import io.diveops.worker.schedules.BackupSchedules;
import io.diveops.worker.schedules.ScheduleInstaller;
import io.diveops.worker.schedules.ScheduleSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/**
 * {@code dive-ops schedules apply|list}: the backup and restore-test schedules, applied from the
 * registry (as a starting worker does) or listed with their next run times.
 */
public class SchedulesCommand {
  static final String USAGE = "usage: dive-ops schedules apply|list";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final PrintStream err;

  public SchedulesCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(String... args) {
    if (args.length != 1 || !(args[0].equals("apply") || args[0].equals("list"))) {
      err.println(USAGE);
      return 2;
    }
    String address = env("TEMPORAL_ADDRESS", "127.0.0.1:7233");
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(service,
          WorkflowClientOptions.newBuilder().setNamespace(env("TEMPORAL_NAMESPACE", "default")).build());
      var schedules = new BackupSchedules(ScheduleInstaller.scheduleClient(client), ScheduleSettings.fromEnvironment(System::getenv));
      if (args[0].equals("apply")) {
        var instances = new EnabledInstances(Path.of(env("DIVE_REGISTRY", "config/federation-registry.json"))).keys();
        schedules.apply(instances).forEach(a -> out.println(a.action() + " " + a.scheduleId()));
      } else {
        out.printf("%-32s %-16s %-12s %-7s %s%n", "SCHEDULE", "RUNBOOK", "CRON (UTC)", "PAUSED", "NEXT RUNS");
        for (BackupSchedules.Listed s : schedules.list()) {
          out.printf("%-32s %-16s %-12s %-7s %s%n", s.scheduleId(), s.workflowType(), s.cron(), s.paused() ? "yes" : "no",
              s.nextRuns().stream().map(TIME::format).collect(Collectors.joining(", ")));
        }
      }
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("schedules " + args[0] + ": " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("schedules " + args[0] + ": cannot reach Temporal at " + address + ": " + e.getMessage());
      return 1;
    } finally {
      service.shutdownNow();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

}
