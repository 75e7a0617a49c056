package io.diveops.workflows.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.api.alert.Severity;
import io.diveops.api.provision.PartnerValidation;
import io.diveops.api.provision.PlannedChange;
import io.diveops.api.provision.ProvisionActivities;
import io.diveops.api.provision.ProvisionOutcome;
import io.diveops.api.provision.ProvisionPartnerInput;
import io.diveops.api.provision.ProvisionPartnerWorkflow;
import io.diveops.api.provision.ProvisionPlan;
import io.diveops.api.provision.ProvisionResult;
import io.diveops.api.registry.Finding;
import io.diveops.api.verify.Verdict;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class ProvisionPartnerWorkflowTest {
  /** Where a run's history is written for the replay test (copied to src/test/resources). */
  static final Path HISTORIES = Path.of("target", "histories");

  static final Map<String, Object> DEU =
      Map.of(
          "code", "DEU",
          "name", "Germany",
          "type", "local",
          "enabled", true,
          "secrets", Map.of("redis", "dive-v3-redis-deu"));

  static final PartnerValidation VALID =
      new PartnerValidation(
          "deu",
          "DEU",
          List.of("usa", "fra", "gbr"),
          "1.0.0",
          List.of(),
          List.of(new Finding("$.instances.deu.deployment.host", "ports-not-probed", "remote")));

  static final ProvisionPlan PLAN =
      new ProvisionPlan(
          "deu",
          "DEU",
          "1.0.0",
          "the newest release its partners run (usa 1.0.0)",
          List.of("usa", "fra", "gbr"),
          List.of(
              new PlannedChange("deu", "registry", "create", "$.instances.deu", "Germany (DEU)"),
              new PlannedChange(
                  "deu", "secret", "create", "dive-v3-redis-deu", "the stack's redis"),
              new PlannedChange("usa", "secret", "exists", "dive-v3-redis-usa", "kept"),
              new PlannedChange(
                  "usa", "idp", "create", "deu-federation", "issuer http://127.0.0.1:18083")));

  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(
              ProvisionPartnerWorkflowImpl.class,
              ProvisionChildren.Verify.class,
              ProvisionChildren.Federation.class,
              ProvisionChildren.Watch.class,
              ProvisionChildren.Backup.class)
          .withLocks();

  private final ProvisionActivities activities = temporal.mock(ProvisionActivities.class);
  private final NotifierActivities notifier = temporal.mock(NotifierActivities.class);

  @BeforeEach
  void aValidPartner() {
    ProvisionChildren.reset();
    when(activities.validatePartner(any())).thenReturn(VALID);
    when(activities.planPartner(any())).thenReturn(PLAN);
  }

  @Test
  void aDryRunIsPlannedWithThePlanTheWarningsAndTheStepTimings() throws IOException {
    ProvisionResult result = run("provision-1", new ProvisionPartnerInput(DEU, null, null, true));

    assertThat(result.outcome()).isEqualTo(ProvisionOutcome.PLANNED);
    assertThat(result.key()).isEqualTo("deu");
    assertThat(result.plan()).isEqualTo(PLAN);
    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEqualTo(VALID.warnings());
    assertThat(result.stepMs()).containsOnlyKeys("validate", "plan");
    var attributes =
        temporal
            .client()
            .newUntypedWorkflowStub("provision-1")
            .describe()
            .getTypedSearchAttributes();
    assertThat(attributes.get(Runbooks.DIVE_RUNBOOK)).isEqualTo("provision-partner");
    assertThat(attributes.get(Runbooks.DIVE_INSTANCE)).isEqualTo("deu");
    record("provision-1", "provision-partner.json");
  }

  @Test
  void anInvalidPartnerIsRejectedWithEveryErrorAndNoPlan() {
    List<Finding> errors =
        List.of(
            new Finding("$.trust[1]", "trust-unknown-instance", "'ita' is not an instance"),
            new Finding(
                "$.instances.deu.services.opa.externalPort",
                "port-collision",
                "external port 18182 on host localhost is already published by FRA"),
            new Finding("$.instances.deu.services.keycloak", "image-missing", "not there"));
    when(activities.validatePartner(any()))
        .thenReturn(
            new PartnerValidation("deu", "DEU", List.of("usa"), "1.0.0", errors, List.of()));

    ProvisionResult result =
        run("provision-2", new ProvisionPartnerInput(DEU, null, List.of("usa", "ita"), true));

    assertThat(result.outcome()).isEqualTo(ProvisionOutcome.REJECTED);
    assertThat(result.errors()).isEqualTo(errors);
    assertThat(result.plan()).isNull();
    assertThat(result.stepMs()).containsOnlyKeys("validate");
    verify(activities, never()).planPartner(any());
  }

  @Test
  void aPartnerIsProvisionedFederatedBothWaysVerifiedAndOperated() throws IOException {
    when(activities.partnerSecrets("deu")).thenReturn(List.of("dive-v3-redis-deu"));
    when(activities.federateInstance(any())).thenReturn(List.of("idp deu-federation: created"));
    when(activities.applySchedules()).thenReturn(List.of("dive-ops-backup-deu created"));

    ProvisionResult result = run("provision-3", new ProvisionPartnerInput(DEU, "deu", null, false));

    assertThat(result.outcome())
        .as(String.valueOf(result.failure()))
        .isEqualTo(ProvisionOutcome.PROVISIONED);
    InOrder order = inOrder(activities);
    order.verify(activities).commitPartner(any());
    order.verify(activities).partnerSecrets("deu");
    order.verify(activities).startPartnerStack("deu", "1.0.0");
    order.verify(activities).federateInstance("deu");
    order.verify(activities).federateInstance("usa");
    order.verify(activities).federateInstance("fra");
    order.verify(activities).federateInstance("gbr");
    order.verify(activities).applySchedules();
    verify(activities, never()).restoreRegistry(any());
    assertThat(ProvisionChildren.STARTED)
        .contains(
            "VerifyInstance deu",
            "VerifyFederation deu,fra,gbr,usa",
            "HealthWatch deu",
            "BackupInstance deu");
    assertThat(result.verification().passed()).isTrue();
    assertThat(result.federation().verdict()).isEqualTo(Verdict.PASS);
    assertThat(result.changes())
        .contains(
            "secrets: dive-v3-redis-deu",
            "federation usa: idp deu-federation: created",
            "operate: HealthWatch health-watch-deu started")
        .anyMatch(c -> c.startsWith("operate: first backup deu-20261128T120000Z"));
    assertThat(result.stepMs())
        .containsKeys("validate", "plan", "lock", "commit", "secrets", "stack", "federation")
        .containsKeys("verify", "operate");
    record("provision-3", "provision-partner-provisioned.json");
  }

  @Test
  void aFailedVerificationUndoesEverythingInReverseAndVerifiesThePartnersThatRemain() {
    ProvisionChildren.federationVerdict = Verdict.FAIL;
    when(activities.partnerSecrets("deu")).thenReturn(List.of("dive-v3-redis-deu"));

    ProvisionResult result = run("provision-4", new ProvisionPartnerInput(DEU, "deu", null, false));

    assertThat(result.outcome()).isEqualTo(ProvisionOutcome.ROLLED_BACK);
    assertThat(result.failure()).startsWith("verify: verification failed");
    InOrder order = inOrder(activities);
    order.verify(activities).startPartnerStack("deu", "1.0.0");
    order.verify(activities).restoreRegistry("deu");
    order.verify(activities).federateInstance("usa");
    order.verify(activities).removePartnerStack(any());
    // Only what the plan created: a secret that existed before the run is the operator's.
    order.verify(activities).destroySecrets(List.of("dive-v3-redis-deu"));
    assertThat(result.compensation())
        .startsWith("registry restored: done")
        .anyMatch(c -> c.startsWith("VerifyFederation among usa,fra,gbr"));
    verify(activities, never()).applySchedules();
    assertThat(ProvisionChildren.STARTED).noneMatch(c -> c.startsWith("HealthWatch"));
  }

  @Test
  void aCompensationThatCannotFinishPagesAndWaitsAndAnAbortLeavesItRollbackFailed() {
    when(activities.federateInstance("fra"))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("Keycloak said 500", "Broken"));
    org.mockito.Mockito.doThrow(
            ApplicationFailure.newNonRetryableFailure("docker is gone", "DockerUnreachable"))
        .when(activities)
        .removePartnerStack(any());

    ProvisionPartnerWorkflow run = temporal.workflow(ProvisionPartnerWorkflow.class, "provision-5");
    WorkflowClient.start(run::provision, new ProvisionPartnerInput(DEU, "deu", null, false));
    ArgumentCaptor<Alert> alert = ArgumentCaptor.forClass(Alert.class);
    verify(notifier, timeout(10_000)).enqueue(alert.capture());
    assertThat(alert.getValue().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.getValue().summary())
        .contains("compensation did not finish")
        .contains("runbooks/provision-partner.sh --decide deu retry|abort");
    assertThatThrownBy(() -> run.answer("later"))
        .rootCause()
        .hasMessageContaining("unknown answer 'later'");
    assertThat(run.answer("abort")).isEqualTo("answered abort");
    ProvisionResult result = WorkflowStub.fromTyped(run).getResult(ProvisionResult.class);

    assertThat(result.outcome()).isEqualTo(ProvisionOutcome.ROLLBACK_FAILED);
    assertThat(result.failure()).startsWith("federation: ").contains("Keycloak said 500");
    assertThat(result.compensation())
        .anyMatch(c -> c.startsWith("stack of deu removed: FAILED") && c.contains("docker is gone"))
        .anyMatch(c -> c.equals("secrets of deu destroyed: done"))
        .endsWith("an operator answered abort: what is left is theirs");
  }

  @Test
  void aRetriedCompensationThatFinishesIsRolledBack() {
    when(activities.federateInstance("fra"))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("Keycloak said 500", "Broken"))
        .thenReturn(List.of());
    org.mockito.Mockito.doThrow(
            ApplicationFailure.newNonRetryableFailure("docker is gone", "DockerUnreachable"))
        .doNothing()
        .when(activities)
        .removePartnerStack(any());

    ProvisionPartnerWorkflow run = temporal.workflow(ProvisionPartnerWorkflow.class, "provision-7");
    WorkflowClient.start(run::provision, new ProvisionPartnerInput(DEU, "deu", null, false));
    verify(notifier, timeout(10_000)).enqueue(any());
    assertThat(run.answer("retry")).isEqualTo("answered retry");
    ProvisionResult result = WorkflowStub.fromTyped(run).getResult(ProvisionResult.class);

    assertThat(result.outcome()).isEqualTo(ProvisionOutcome.ROLLED_BACK);
    assertThat(result.compensation())
        .contains("an operator answered retry")
        .anyMatch(c -> c.startsWith("stack of deu removed: failed before the retry"))
        .endsWith(
            "stack of deu removed: done",
            "secrets of deu destroyed: done",
            "VerifyFederation among usa,fra,gbr: PASS");
    verify(activities, times(2)).removePartnerStack(any());
  }

  @Test
  void aPartnerAlreadyProvisionedAsAskedIsVerifiedAndLeftAlone() {
    when(activities.alreadyProvisioned(any())).thenReturn(true);

    ProvisionResult result = run("provision-6", new ProvisionPartnerInput(DEU, null, null, false));

    assertThat(result.outcome()).isEqualTo(ProvisionOutcome.NO_CHANGE);
    assertThat(result.verification().passed()).isTrue();
    verify(activities, never()).validatePartner(any());
    verify(activities, never()).commitPartner(any());
    verify(activities, never()).federateInstance(any());
  }

  @Test
  void noDryRunGivenMeansAProvisioningRun() {
    assertThat(new ProvisionPartnerInput(DEU, null, null, null).dryRun()).isFalse();
    assertThat(new ProvisionPartnerInput(DEU, null, null, null).resolvedKey()).isEqualTo("deu");
    assertThat(new ProvisionPartnerInput(DEU, "nld", null, null).resolvedKey()).isEqualTo("nld");
  }

  private ProvisionResult run(String workflowId, ProvisionPartnerInput input) {
    return temporal.workflow(ProvisionPartnerWorkflow.class, workflowId).provision(input);
  }

  /** Keeps the run's history for {@code ReplayTest} (the file there is never overwritten). */
  private void record(String workflowId, String name) throws IOException {
    Files.createDirectories(HISTORIES);
    Files.writeString(
        HISTORIES.resolve(name), temporal.client().fetchHistory(workflowId).toJson(true));
  }
}
