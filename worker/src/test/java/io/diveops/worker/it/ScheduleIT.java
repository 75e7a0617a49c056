package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.VerifyBackupWorkflow;
import io.diveops.api.federation.VerifyFederationWorkflow;
import io.diveops.worker.schedules.BackupSchedules;
import io.diveops.worker.schedules.ScheduleInstaller;
import io.diveops.worker.schedules.ScheduleSettings;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backup and federation schedules on the real dev server (the in-memory test server has no
 * schedules): created once, updated in place on a changed configuration, never duplicated, removed
 * with the instance; listed with their next runs.
 */
class ScheduleIT {
  final ScheduleClient client = ScheduleInstaller.scheduleClient(DevServer.shared().client());

  BackupSchedules schedules(String backupCron) {
    return new BackupSchedules(
        client,
        new ScheduleSettings(
            "dive-ops", backupCron, "0 4 * * 0", "0 6 * * *", Duration.ofHours(6)));
  }

  @Test
  void applyingIsIdempotentFollowsTheConfigurationAndTheRegistry() {
    var first = schedules("0 2 * * *").apply(List.of("usa", "fra"));
    assertThat(first).extracting(BackupSchedules.Applied::action).containsOnly("created");
    assertThat(first).hasSize(5);

    var again = schedules("0 2 * * *").apply(List.of("usa", "fra"));
    assertThat(again).extracting(BackupSchedules.Applied::action).containsOnly("updated");
    List<BackupSchedules.Listed> listed =
        listedAs(
            "dive-ops-backup-fra",
            "dive-ops-backup-usa",
            "dive-ops-verify-backup-fra",
            "dive-ops-verify-backup-usa",
            "dive-ops-verify-federation");
    BackupSchedules.Listed backup = listed.get(1);
    assertThat(backup.workflowType()).isEqualTo(BackupInstanceWorkflow.TYPE);
    assertThat(listed.get(3).workflowType()).isEqualTo(VerifyBackupWorkflow.TYPE);
    assertThat(listed.get(4).workflowType()).isEqualTo(VerifyFederationWorkflow.TYPE);
    assertThat(listed.get(4).cron()).isEqualTo("0 6 * * *");
    assertThat(backup.nextRuns()).isNotEmpty();
    Instant next = backup.nextRuns().get(0);
    assertThat(next.atZone(ZoneOffset.UTC).getHour()).isEqualTo(2);
    assertThat(next.atZone(ZoneOffset.UTC).getMinute()).isZero();

    var described = client.getHandle("dive-ops-backup-usa").describe().getSchedule();
    assertThat(described.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(described.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofHours(6));
    assertThat(((ScheduleActionStartWorkflow) described.getAction()).getOptions().getTaskQueue())
        .isEqualTo("dive-ops");

    // A changed time updates the same schedule; an instance no longer enabled loses its schedules,
    // and one instance alone is no federation to verify.
    client.getHandle("dive-ops-backup-usa").pause("operator pause survives an update");
    var changed = schedules("30 1 * * *").apply(List.of("usa"));
    assertThat(changed)
        .contains(
            new BackupSchedules.Applied("dive-ops-backup-fra", "deleted"),
            new BackupSchedules.Applied("dive-ops-verify-backup-fra", "deleted"),
            new BackupSchedules.Applied("dive-ops-verify-federation", "deleted"));
    List<BackupSchedules.Listed> now =
        listedAs("dive-ops-backup-usa", "dive-ops-verify-backup-usa");
    assertThat(now.get(0).cron()).isEqualTo("30 1 * * *");
    assertThat(now.get(0).paused()).isTrue();

    schedules("0 2 * * *").apply(List.of());
    listedAs();
  }

  /** The listing goes through visibility, which may lag a moment behind a change. */
  private List<BackupSchedules.Listed> listedAs(String... ids) {
    return Poll.until(
        "schedules listed as " + List.of(ids),
        Duration.ofSeconds(30),
        () -> {
          List<BackupSchedules.Listed> listed = schedules("0 2 * * *").list();
          return listed.stream()
                  .map(BackupSchedules.Listed::scheduleId)
                  .toList()
                  .equals(List.of(ids))
              ? listed
              : null;
        });
  }
}
