package io.diveops.workflows.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.api.alert.Severity;
import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployInstanceWorkflow;
import io.diveops.api.deploy.DeployOutcome;
import io.diveops.api.deploy.DeployResult;
import io.diveops.api.drift.DetectDriftInput;
import io.diveops.api.drift.DetectDriftWorkflow;
import io.diveops.api.drift.DriftActivities;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import io.diveops.api.drift.DriftReport;
import io.diveops.api.drift.DriftVerdict;
import io.diveops.api.drift.InstanceDrift;
import io.diveops.api.drift.ReconcileStep;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

class DetectDriftWorkflowTest {
  static final Path HISTORIES = Path.of("target", "histories");

  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(DetectDriftWorkflowImpl.class, RecordingDeploy.class).withLocks();

  private final DriftActivities activities = temporal.mock(DriftActivities.class);
  private final NotifierActivities notifier = temporal.mock(NotifierActivities.class);

  static DriftItem image(String instance) {
    return new DriftItem(
        instance,
        "container dive-v3-backend-" + instance,
        "image",
        DriftCategory.CHANGED,
        "dive-v3-app:1.0.0",
        "dive-v3-app:1.1.0",
        "releases/1.0.0.json#/services/backend/image",
        Severity.CRITICAL,
        "2026-11-28T10:00:00Z",
        "2026-11-28T11:00:00Z");
  }

  @Test
  void theSameDifferenceOnTwoInstancesIsOneGroupAndTheRunIsDrift() throws IOException {
    when(activities.driftInstances(any())).thenReturn(List.of("fra", "gbr", "usa"));
    when(activities.detectInstance("fra"))
        .thenReturn(new InstanceDrift("fra", List.of(image("fra")), Map.of("opa-logs", 1)));
    when(activities.detectInstance("gbr"))
        .thenReturn(new InstanceDrift("gbr", List.of(image("gbr")), Map.of("opa-logs", 2)));
    when(activities.detectInstance("usa")).thenReturn(new InstanceDrift("usa", List.of(), null));

    DriftReport report = run("drift-1", DetectDriftInput.all());

    assertThat(report.verdict()).isEqualTo(DriftVerdict.DRIFT);
    assertThat(report.instances()).containsExactly("fra", "gbr", "usa");
    assertThat(report.items()).containsExactly(image("fra"), image("gbr"));
    assertThat(report.summary()).hasSize(1);
    assertThat(report.summary().get(0).instances()).containsExactly("fra", "gbr");
    assertThat(report.summary().get(0).resource())
        .isEqualTo("container dive-v3-backend-<instance>");
    assertThat(report.ignored()).containsExactly(Map.entry("opa-logs", 3));
    verify(notifier, never()).enqueue(any());
    var attributes =
        temporal.client().newUntypedWorkflowStub("drift-1").describe().getTypedSearchAttributes();
    assertThat(attributes.get(Runbooks.DIVE_RUNBOOK)).isEqualTo("detect-drift");
    assertThat(attributes.get(Runbooks.DIVE_INSTANCE)).isEqualTo("fra,gbr,usa");
    Files.createDirectories(HISTORIES);
    Files.writeString(
        HISTORIES.resolve("detect-drift.json"),
        temporal.client().fetchHistory("drift-1").toJson(true));
  }

  @Test
  void nothingDifferentIsInSync() {
    when(activities.driftInstances(any())).thenReturn(List.of("fra"));
    when(activities.detectInstance("fra")).thenReturn(new InstanceDrift("fra", List.of(), null));
    DriftReport report = run("drift-2", new DetectDriftInput(List.of("fra"), null));
    assertThat(report.verdict()).isEqualTo(DriftVerdict.IN_SYNC);
    assertThat(report.items()).isEmpty();
  }

  @Test
  void anInstanceThatCannotBeReadIsUnknownNeverInSync() {
    when(activities.driftInstances(any())).thenReturn(List.of("fra", "usa"));
    when(activities.detectInstance("fra"))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("registry unreadable", "Broken"));
    when(activities.detectInstance("usa"))
        .thenReturn(
            new InstanceDrift(
                "usa", List.of(DriftItem.unknown("usa", "keycloak", "connection refused")), null));

    DriftReport report = run("drift-3", DetectDriftInput.all());

    assertThat(report.verdict()).isEqualTo(DriftVerdict.UNKNOWN);
    assertThat(report.items())
        .extracting(DriftItem::instance, DriftItem::category)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("fra", DriftCategory.UNKNOWN),
            org.assertj.core.groups.Tuple.tuple("usa", DriftCategory.UNKNOWN));
    assertThat(report.items().get(0).actual()).contains("registry unreadable");
  }

  @Test
  void anItemIsAlertedWhenItFirstAppearsAndWhenResolvedNeverWhilePersisting() throws IOException {
    DriftItem appeared = image("gbr").seen("2026-11-28T11:00:00Z", "2026-11-28T11:00:00Z");
    when(activities.driftInstances(any())).thenReturn(List.of("fra", "gbr"));
    when(activities.detectInstance("fra"))
        .thenReturn(
            new InstanceDrift(
                "fra", List.of(image("fra")), null, List.of("fra|idp rogue-oidc||extra")));
    when(activities.detectInstance("gbr"))
        .thenReturn(
            new InstanceDrift(
                "gbr",
                List.of(appeared, DriftItem.unknown("gbr", "realm dive-v3-broker", "refused")),
                null,
                null));

    DriftReport report = run("drift-5", DetectDriftInput.all());

    assertThat(report.verdict()).isEqualTo(DriftVerdict.DRIFT);
    ArgumentCaptor<Alert> sent = ArgumentCaptor.forClass(Alert.class);
    verify(notifier, times(2)).enqueue(sent.capture());
    assertThat(sent.getAllValues())
        .extracting(Alert::instance, Alert::status, Alert::severity, Alert::dedupKey)
        .containsExactly(
            tuple(
                "gbr",
                AlertStatus.FIRING,
                Severity.CRITICAL,
                "drift|gbr|container dive-v3-backend-gbr|image|changed"),
            tuple("fra", AlertStatus.RESOLVED, Severity.INFO, "drift|fra|idp rogue-oidc||extra"));
    assertThat(sent.getAllValues().get(0).summary())
        .contains("changed container dive-v3-backend-gbr image")
        .contains("releases/1.0.0.json#/services/backend/image");
    Files.createDirectories(HISTORIES);
    Files.writeString(
        HISTORIES.resolve("detect-drift-alerts.json"),
        temporal.client().fetchHistory("drift-5").toJson(true));
  }

  /** DeployInstance as a child sees it: records what it was asked, answers DEPLOYED. */
  public static class RecordingDeploy implements DeployInstanceWorkflow {
    static final List<DeployInput> ASKED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public DeployResult deploy(DeployInput input) {
      ASKED.add(input);
      return new DeployResult(
          input.instance(), DeployOutcome.DEPLOYED, null, null, Map.of(), null, null, null, null);
    }

    @Override
    public String progress() {
      return "";
    }

    @Override
    public String answer(String decision) {
      return decision;
    }

    @Override
    public void validateAnswer(String decision) {}

    @Override
    public void decide(String decision) {}

    @Override
    public void lockState(String instance, String holder) {}
  }

  static DriftItem rogue(String instance) {
    return DriftItem.of(
        instance,
        "idp rogue-oidc",
        "",
        DriftCategory.EXTRA,
        null,
        "present",
        "config/federation-registry.json#/federation/matrix/" + instance,
        Severity.CRITICAL);
  }

  static DriftItem opaModule(String instance) {
    return DriftItem.of(
        instance,
        "opa module policy/authz.rego",
        "sha256",
        DriftCategory.CHANGED,
        "sha256:aa",
        "sha256:bb",
        "sandbox/opa/policy/authz.rego",
        Severity.CRITICAL);
  }

  @Test
  void reconcileRedeploysTheReleaseReappliesTheRealmAndOpaUnderTheLockThenDetectsAgain()
      throws IOException {
    RecordingDeploy.ASKED.clear();
    DriftItem ports =
        DriftItem.of(
            "fra",
            "container dive-v3-kas-fra",
            "ports",
            DriftCategory.CHANGED,
            "8080->10001",
            "8080->10099",
            null,
            Severity.WARNING);
    List<DriftItem> found = List.of(image("fra"), rogue("fra"), opaModule("fra"), ports);
    when(activities.driftInstances(any())).thenReturn(List.of("fra", "usa"));
    when(activities.detectInstance("usa")).thenReturn(new InstanceDrift("usa", List.of(), null));
    when(activities.detectInstance("fra"))
        .thenReturn(new InstanceDrift("fra", found, null))
        .thenReturn(new InstanceDrift("fra", found, null))
        .thenReturn(new InstanceDrift("fra", List.of(ports), null));
    when(activities.currentRelease("fra")).thenReturn("1.0.0");
    when(activities.reconcileRealm("fra", List.of("rogue-oidc")))
        .thenReturn(List.of("identity provider rogue-oidc: removed (not in the registry)"));
    when(activities.reconcileOpa("fra"))
        .thenReturn(List.of("opa module policy/authz.rego: shipped text put back"));

    DriftReport report = run("drift-6", new DetectDriftInput(List.of(), true));

    assertThat(RecordingDeploy.ASKED).containsExactly(new DeployInput("fra", "1.0.0", null, false));
    assertThat(report.reconciled())
        .extracting(ReconcileStep::instance, ReconcileStep::action, ReconcileStep::outcome)
        .containsExactly(
            tuple("fra", "not reconciled", "SKIPPED"),
            tuple("fra", "DeployInstance 1.0.0", "DONE: DEPLOYED"),
            tuple("fra", "realm re-applied", "DONE"),
            tuple("fra", "OPA policy put back", "DONE"));
    assertThat(report.reconciled().get(0).details())
        .singleElement()
        .asString()
        .startsWith("fra|container dive-v3-kas-fra|ports|changed: DeployInstance replaces");
    assertThat(report.items()).as("what the last detection found").containsExactly(ports);
    assertThat(report.verdict()).isEqualTo(DriftVerdict.DRIFT);
    verify(activities, never()).reconcileRealm(org.mockito.ArgumentMatchers.eq("usa"), any());
    Files.createDirectories(HISTORIES);
    Files.writeString(
        HISTORIES.resolve("detect-drift-reconcile.json"),
        temporal.client().fetchHistory("drift-6").toJson(true));
  }

  @Test
  void reconcileRefusesWhenTheLiveStateChangedSinceTheReport() {
    RecordingDeploy.ASKED.clear();
    DriftItem changedAgain =
        DriftItem.of(
            "gbr",
            "container dive-v3-backend-gbr",
            "image",
            DriftCategory.CHANGED,
            "dive-v3-app:1.0.0",
            "dive-v3-app:9.9.9",
            null,
            Severity.CRITICAL);
    when(activities.driftInstances(any())).thenReturn(List.of("gbr"));
    when(activities.detectInstance("gbr"))
        .thenReturn(new InstanceDrift("gbr", List.of(image("gbr")), null))
        .thenReturn(new InstanceDrift("gbr", List.of(changedAgain), null));

    DriftReport report = run("drift-7", new DetectDriftInput(List.of("gbr"), true));

    assertThat(report.reconciled())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.outcome())
                  .startsWith("REFUSED: the live state changed since the report");
              assertThat(step.details())
                  .anyMatch(d -> d.startsWith("now: ") && d.contains("9.9.9"));
            });
    assertThat(RecordingDeploy.ASKED).isEmpty();
    verify(activities, never()).reconcileRealm(any(), any());
    verify(activities, never()).reconcileOpa(any());
  }

  @Test
  void reconcileOfAnInstanceInSyncChangesNothing() {
    RecordingDeploy.ASKED.clear();
    when(activities.driftInstances(any())).thenReturn(List.of("fra"));
    when(activities.detectInstance("fra")).thenReturn(new InstanceDrift("fra", List.of(), null));

    DriftReport report = run("drift-8", new DetectDriftInput(List.of("fra"), true));

    assertThat(report.verdict()).isEqualTo(DriftVerdict.IN_SYNC);
    assertThat(report.reconciled()).isEmpty();
    assertThat(RecordingDeploy.ASKED).isEmpty();
    verify(activities, never()).currentRelease(any());
  }

  @Test
  void whatCouldNotBeReadIsNeverReconciled() {
    RecordingDeploy.ASKED.clear();
    List<DriftItem> unread = List.of(DriftItem.unknown("usa", "realm dive-v3-broker", "refused"));
    when(activities.driftInstances(any())).thenReturn(List.of("usa"));
    when(activities.detectInstance("usa")).thenReturn(new InstanceDrift("usa", unread, null));

    DriftReport report = run("drift-9", new DetectDriftInput(List.of("usa"), true));

    assertThat(report.verdict()).isEqualTo(DriftVerdict.UNKNOWN);
    assertThat(report.reconciled())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.outcome()).isEqualTo("SKIPPED");
              assertThat(step.details()).singleElement().asString().contains("could not be read");
            });
    verify(activities, never()).reconcileRealm(any(), any());
  }

  private DriftReport run(String id, DetectDriftInput input) {
    return temporal.workflow(DetectDriftWorkflow.class, id).detect(input);
  }
}
