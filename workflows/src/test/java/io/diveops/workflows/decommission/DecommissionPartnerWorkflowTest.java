package io.diveops.workflows.decommission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.api.alert.Severity;
import io.diveops.api.decommission.DecommissionActivities;
import io.diveops.api.decommission.DecommissionOutcome;
import io.diveops.api.decommission.DecommissionPartnerInput;
import io.diveops.api.decommission.DecommissionPartnerWorkflow;
import io.diveops.api.decommission.DecommissionPlan;
import io.diveops.api.decommission.DecommissionResult;
import io.diveops.api.provision.PlannedChange;
import io.diveops.api.provision.ProvisionActivities;
import io.diveops.api.registry.Finding;
import io.diveops.api.verify.Verdict;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.diveops.workflows.provision.ProvisionChildren;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class DecommissionPartnerWorkflowTest {
  static final Path HISTORIES = Path.of("target", "histories");

  static final DecommissionPlan PLAN =
      new DecommissionPlan(
          "deu",
          false,
          false,
          List.of("usa", "fra", "gbr"),
          List.of(
              new PlannedChange("deu", "backup", "create", "deu", "the final backup"),
              new PlannedChange("usa", "idp", "remove", "deu-federation", "with its mappers")),
          List.of());

  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(
              DecommissionPartnerWorkflowImpl.class,
              ProvisionChildren.Verify.class,
              ProvisionChildren.Federation.class,
              ProvisionChildren.Backup.class)
          .withLocks();

  private final DecommissionActivities activities = temporal.mock(DecommissionActivities.class);
  private final ProvisionActivities realms = temporal.mock(ProvisionActivities.class);
  private final NotifierActivities notifier = temporal.mock(NotifierActivities.class);

  @BeforeEach
  void aPlanForDeu() {
    ProvisionChildren.reset();
    when(activities.planDecommission(any())).thenReturn(PLAN);
    when(activities.removeInstanceStack(anyString(), anyBoolean()))
        .thenReturn(List.of("containers of dive-deu and network dive-deu_default removed"));
    when(activities.retireSecrets(anyString(), anyBoolean()))
        .thenReturn(List.of("dive-v3-redis-deu disabled"));
    when(activities.stopWatcher("deu")).thenReturn("health-watch-deu cancelled");
    when(realms.applySchedules()).thenReturn(List.of("dive-ops-backup-deu deleted"));
  }

  @Test
  void aDryRunIsPlannedAndChangesNothing() {
    DecommissionResult result =
        run("decommission-1", new DecommissionPartnerInput("deu", null, true));

    assertThat(result.outcome()).isEqualTo(DecommissionOutcome.PLANNED);
    assertThat(result.plan()).isEqualTo(PLAN);
    assertThat(result.stepMs()).containsOnlyKeys("plan");
    verify(activities, never()).commitDecommission(any());
    assertThat(ProvisionChildren.STARTED).isEmpty();
  }

  @Test
  void anUnknownInstanceIsRejectedWithItsError() {
    List<Finding> errors =
        List.of(new Finding("$.instance", "unknown-instance", "'ita' is not an instance"));
    when(activities.planDecommission(any()))
        .thenReturn(new DecommissionPlan("ita", false, false, List.of(), List.of(), errors));

    DecommissionResult result =
        run("decommission-2", new DecommissionPartnerInput("ita", null, null));

    assertThat(result.outcome()).isEqualTo(DecommissionOutcome.REJECTED);
    assertThat(result.errors()).isEqualTo(errors);
    verify(activities, never()).commitDecommission(any());
  }

  @Test
  void anInstanceIsBackedUpThenTakenOutEverywhereAndTheRemainingAreVerified() throws IOException {
    when(activities.planDecommission(any()))
        .thenReturn(
            new DecommissionPlan("deu", false, true, PLAN.partners(), PLAN.changes(), List.of()));
    DecommissionResult result =
        run("decommission-3", new DecommissionPartnerInput("deu", true, false));

    assertThat(result.outcome()).as(result.failure()).isEqualTo(DecommissionOutcome.DECOMMISSIONED);
    assertThat(result.finalBackup()).isEqualTo("deu-20261128T120000Z");
    assertThat(ProvisionChildren.STARTED)
        .containsExactly(
            "BackupInstance deu",
            "VerifyInstance usa",
            "VerifyInstance fra",
            "VerifyInstance gbr",
            "VerifyFederation usa,fra,gbr");
    InOrder order = inOrder(activities, realms);
    order.verify(activities).stopWatcher("deu");
    order.verify(activities).commitDecommission("deu");
    order.verify(realms).federateInstance("usa");
    order.verify(realms).federateInstance("fra");
    order.verify(realms).federateInstance("gbr");
    order.verify(activities).removeInstanceStack("deu", true);
    order.verify(activities).retireSecrets("deu", true);
    order.verify(realms).applySchedules();
    order.verify(activities).finishDecommission("deu");
    assertThat(result.changes())
        .contains("health-watch: health-watch-deu cancelled")
        .contains("secrets: dive-v3-redis-deu disabled")
        .contains("schedules: dive-ops-backup-deu deleted");
    assertThat(result.remaining()).hasSize(3).allMatch(r -> r.passed());
    assertThat(result.stepMs())
        .containsKeys("plan", "lock", "final-backup", "registry", "federation", "stack", "verify");
    verify(notifier, never()).enqueue(any());
    Files.createDirectories(HISTORIES);
    Files.writeString(
        HISTORIES.resolve("decommission-partner-decommissioned.json"),
        temporal.client().fetchHistory("decommission-3").toJson(true));
  }

  @Test
  void aStepThatFailsLeavesTheRunIncompleteAndPagesWithTheCommandThatFinishesIt() {
    when(activities.removeInstanceStack(anyString(), anyBoolean()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure("docker is gone", "DockerUnreachable"));

    DecommissionResult result =
        run("decommission-4", new DecommissionPartnerInput("deu", false, false));

    assertThat(result.outcome()).isEqualTo(DecommissionOutcome.INCOMPLETE);
    assertThat(result.failure()).startsWith("stack: ").contains("docker is gone");
    verify(activities, never()).retireSecrets(anyString(), anyBoolean());
    verify(activities, never()).finishDecommission(any());
    ArgumentCaptor<Alert> alert = ArgumentCaptor.forClass(Alert.class);
    verify(notifier).enqueue(alert.capture());
    assertThat(alert.getValue().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.getValue().summary())
        .contains("stopped at stack")
        .contains("runbooks/decommission-partner.sh deu again");
  }

  @Test
  void remainingInstancesThatDoNotVerifyLeaveItIncompleteAndTheRecordsKept() {
    ProvisionChildren.instanceVerdict = Verdict.FAIL;

    DecommissionResult result =
        run("decommission-5", new DecommissionPartnerInput("deu", false, false));

    assertThat(result.outcome()).isEqualTo(DecommissionOutcome.INCOMPLETE);
    assertThat(result.failure()).startsWith("verify: the remaining instances do not verify");
    verify(activities, never()).finishDecommission(any());
  }

  @Test
  void aFinalBackupThatFailsRefusesTheRunBeforeAnythingChanges() {
    ProvisionChildren.backupFails = true;

    DecommissionResult result =
        run("decommission-6", new DecommissionPartnerInput("deu", false, false));

    assertThat(result.outcome()).isEqualTo(DecommissionOutcome.REJECTED);
    assertThat(result.errors()).extracting(Finding::rule).containsExactly("final-backup-failed");
    verify(activities, never()).commitDecommission(any());
    verify(realms, never()).federateInstance(any());
  }

  @Test
  void aResumedRunFinishesWithoutASecondFinalBackup() {
    when(activities.planDecommission(any()))
        .thenReturn(
            new DecommissionPlan("deu", true, false, PLAN.partners(), PLAN.changes(), List.of()));

    DecommissionResult result =
        run("decommission-7", new DecommissionPartnerInput("deu", false, false));

    assertThat(result.outcome()).isEqualTo(DecommissionOutcome.DECOMMISSIONED);
    assertThat(result.finalBackup()).isNull();
    assertThat(ProvisionChildren.STARTED).doesNotContain("BackupInstance deu");
    verify(activities).finishDecommission("deu");
  }

  private DecommissionResult run(String workflowId, DecommissionPartnerInput input) {
    return temporal.workflow(DecommissionPartnerWorkflow.class, workflowId).decommission(input);
  }
}
