package io.diveops.worker.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.api.ScheduleIds;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.drift.DetectDriftInput;
import io.diveops.api.drift.DetectDriftWorkflow;
import io.diveops.api.federation.VerifyFederationInput;
import io.diveops.api.federation.VerifyFederationWorkflow;
import io.diveops.worker.Settings;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What applying the schedules asks of the server, against an in-memory one: the federation check
 * beside the backups, created once, updated in place, gone when no federation is left. {@code
 * ScheduleIT} does the same on the dev server, with the next run times it computes.
 */
class BackupSchedulesTest {
  final InMemoryScheduleClient server = new InMemoryScheduleClient();

  BackupSchedules schedules(String federationCron) {
    return new BackupSchedules(
        server,
        new ScheduleSettings(
            "dive-ops", "0 2 * * *", "0 4 * * 0", federationCron, Duration.ofHours(6)));
  }

  @Test
  void theWholeFederationIsVerifiedDailyBesideEachInstancesBackups() {
    var applied = schedules("0 6 * * *").apply(List.of("usa", "fra"));

    assertThat(applied).extracting(BackupSchedules.Applied::action).containsOnly("created");
    assertThat(server.schedules)
        .containsOnlyKeys(
            "dive-ops-backup-fra",
            "dive-ops-backup-usa",
            "dive-ops-verify-backup-fra",
            "dive-ops-verify-backup-usa",
            BackupSchedules.VERIFY_FEDERATION);
    assertThat(BackupSchedules.VERIFY_FEDERATION).isEqualTo("dive-ops-verify-federation");
    Schedule federation = server.schedules.get(BackupSchedules.VERIFY_FEDERATION);
    var action = (ScheduleActionStartWorkflow) federation.getAction();
    assertThat(action.getWorkflowType()).isEqualTo(VerifyFederationWorkflow.TYPE);
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("verify-federation-all");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("dive-ops");
    assertThat(action.getArguments().get(0, VerifyFederationInput.class))
        .as("every enabled instance when the run starts, not those of today")
        .isEqualTo(VerifyFederationInput.all());
    assertThat(federation.getSpec().getCronExpressions()).containsExactly("0 6 * * *");
    assertThat(federation.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(federation.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofHours(6));
    assertThat(
            ((ScheduleActionStartWorkflow) server.schedules.get("dive-ops-backup-usa").getAction())
                .getWorkflowType())
        .isEqualTo(BackupInstanceWorkflow.TYPE);
  }

  @Test
  void applyingAgainUpdatesInPlaceAndKeepsAnOperatorsPause() {
    schedules("0 6 * * *").apply(List.of("usa", "fra"));
    server.getHandle(BackupSchedules.VERIFY_FEDERATION).pause("partner maintenance");

    var again = schedules("30 5 * * *").apply(List.of("usa", "fra"));

    assertThat(again).extracting(BackupSchedules.Applied::action).containsOnly("updated");
    assertThat(again).hasSize(5);
    Schedule federation = server.schedules.get(BackupSchedules.VERIFY_FEDERATION);
    assertThat(federation.getSpec().getCronExpressions()).containsExactly("30 5 * * *");
    assertThat(federation.getState().isPaused()).isTrue();
  }

  @Test
  void oneInstanceAloneIsNoFederationToVerify() {
    schedules("0 6 * * *").apply(List.of("usa", "fra"));

    var alone = schedules("0 6 * * *").apply(List.of("usa"));

    assertThat(alone)
        .contains(
            new BackupSchedules.Applied("dive-ops-backup-fra", "deleted"),
            new BackupSchedules.Applied(BackupSchedules.VERIFY_FEDERATION, "deleted"));
    assertThat(server.schedules)
        .containsOnlyKeys("dive-ops-backup-usa", "dive-ops-verify-backup-usa");
    schedules("0 6 * * *").apply(List.of());
    assertThat(server.schedules).isEmpty();
  }

  @Test
  void operatorsOwnSchedulesAreLeftAlone() {
    schedules("0 6 * * *").apply(List.of("usa", "fra"));
    server.schedules.put("nightly-report", server.schedules.get("dive-ops-backup-usa"));
    schedules("0 6 * * *").apply(List.of());
    assertThat(server.schedules).containsOnlyKeys("nightly-report");
  }

  @Test
  void driftIsDetectedHourlyOverEveryEnabledInstanceUnlessSwitchedOff() {
    BackupSchedules withDrift =
        new BackupSchedules(server, ScheduleInstaller.settings(Settings.of(Map.of()).diveOps()));
    withDrift.apply(List.of("usa"));

    Schedule drift = server.schedules.get(ScheduleIds.DETECT_DRIFT);
    assertThat(ScheduleIds.DETECT_DRIFT).isEqualTo("dive-ops-detect-drift");
    var action = (ScheduleActionStartWorkflow) drift.getAction();
    assertThat(action.getWorkflowType()).isEqualTo(DetectDriftWorkflow.TYPE);
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("detect-drift-all");
    assertThat(action.getArguments().get(0, DetectDriftInput.class))
        .isEqualTo(DetectDriftInput.all());
    assertThat(drift.getSpec().getCronExpressions()).containsExactly("0 * * * *");
    assertThat(drift.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);

    var off = ScheduleInstaller.settings(Settings.of(Map.of("DIVE_OPS_DRIFT_CRON", "")).diveOps());
    assertThat(new BackupSchedules(server, off).apply(List.of("usa")))
        .contains(new BackupSchedules.Applied(ScheduleIds.DETECT_DRIFT, "deleted"));
    assertThat(
            ScheduleInstaller.settings(
                    Settings.of(Map.of("DIVE_OPS_DRIFT_CRON", "*/15 * * * *")).diveOps())
                .driftCron())
        .isEqualTo("*/15 * * * *");
  }

  @Test
  void theFederationCheckIsDailyAtSixUnlessConfigured() {
    assertThat(ScheduleInstaller.settings(Settings.of(Map.of()).diveOps()).federationCron())
        .isEqualTo("0 6 * * *");
    assertThat(
            ScheduleInstaller.settings(
                    Settings.of(Map.of("DIVE_OPS_FEDERATION_VERIFY_CRON", "30 5 * * 1-5"))
                        .diveOps())
                .federationCron())
        .isEqualTo("30 5 * * 1-5");
  }
}
