package io.diveops.workflows.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.provision.PartnerValidation;
import io.diveops.api.provision.PlannedChange;
import io.diveops.api.provision.ProvisionActivities;
import io.diveops.api.provision.ProvisionOutcome;
import io.diveops.api.provision.ProvisionPartnerInput;
import io.diveops.api.provision.ProvisionPartnerWorkflow;
import io.diveops.api.provision.ProvisionPlan;
import io.diveops.api.provision.ProvisionResult;
import io.diveops.api.registry.Finding;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.WorkflowTestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
                  "usa", "idp", "create", "deu-federation", "issuer http://127.0.0.1:18083")));

  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(ProvisionPartnerWorkflowImpl.class);

  private final ProvisionActivities activities = temporal.mock(ProvisionActivities.class);

  @BeforeEach
  void aValidPartner() {
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
  void withoutADryRunTheRunIsRefusedAfterPlanningBecauseProvisioningIsNotBuiltYet() {
    ProvisionResult result = run("provision-3", new ProvisionPartnerInput(DEU, "deu", null, false));

    assertThat(result.outcome()).isEqualTo(ProvisionOutcome.REJECTED);
    assertThat(result.plan()).isEqualTo(PLAN);
    assertThat(result.errors())
        .extracting(Finding::message)
        .containsExactly("provisioning itself is not built yet: run with --dry-run (dryRun: true)");
  }

  @Test
  void noDryRunGivenMeansAProvisioningRun() {
    assertThat(new ProvisionPartnerInput(DEU, null, null, null).dryRun()).isFalse();
    assertThat(new ProvisionPartnerInput(DEU, null, null, null).resolvedKey()).isEqualTo("deu");
    assertThat(new ProvisionPartnerInput(DEU, "nld", null, null).resolvedKey()).isEqualTo("nld");

    assertThat(run("provision-4", new ProvisionPartnerInput(DEU, null, null, null)).outcome())
        .isEqualTo(ProvisionOutcome.REJECTED);
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
