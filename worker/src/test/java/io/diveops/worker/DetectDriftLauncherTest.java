package io.diveops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.worker.it.Script;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runbooks/detect-drift.sh against a stand-in {@code temporal} CLI answering with canned runs. */
class DetectDriftLauncherTest {
  static final String DRIFT =
      """
      {"instances": ["fra", "gbr"], "verdict": "DRIFT", "items": [
        {"instance": "fra", "resource": "container dive-v3-backend-fra", "path": "image",
         "category": "changed", "desired": "dive-ops/app:1.0.0", "actual": "dive-ops/app:1.1.0",
         "source": "releases/1.0.0.json#/services/backend/image", "severity": "critical",
         "firstSeen": "2026-11-28T10:00:00Z", "lastSeen": "2026-11-28T11:00:00Z"},
        {"instance": "gbr", "resource": "idp rogue-oidc", "path": "", "category": "extra",
         "desired": null, "actual": "present",
         "source": "config/federation-registry.json#/federation/matrix/gbr",
         "severity": "critical", "firstSeen": "2026-11-28T11:00:00Z",
         "lastSeen": "2026-11-28T11:00:00Z"}],
       "summary": [], "ignored": {"restart-by-hand": 2}, "reason": null, "durationMs": 420}
      """;

  static final String IN_SYNC =
      """
      {"instances": ["fra"], "verdict": "IN_SYNC", "items": [], "summary": [], "ignored": {},
       "reason": null, "durationMs": 90}
      """;

  static final String UNKNOWN =
      """
      {"instances": ["gbr"], "verdict": "UNKNOWN", "items": [
        {"instance": "gbr", "resource": "realm dive-v3-broker", "path": "", "category": "unknown",
         "desired": null, "actual": "Keycloak cannot be read: Connection refused",
         "source": null, "severity": "warning", "firstSeen": "2026-11-28T11:00:00Z",
         "lastSeen": "2026-11-28T11:00:00Z"}],
       "summary": [], "ignored": {}, "reason": null, "durationMs": 5100}
      """;

  @TempDir Path dir;
  StandInTemporal temporal;

  @BeforeEach
  void standInCli() throws IOException {
    temporal = new StandInTemporal(dir);
  }

  @Test
  void driftPrintsTheItemsTheRulesAndTheReportAndExitsOne() throws Exception {
    temporal.answerCompleted(DRIFT);
    Script.Result result = temporal.run("detect-drift.sh");

    assertThat(result.exit()).as(result.both()).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(result.out()))
        .isEqualTo(new ObjectMapper().readTree(DRIFT));
    assertThat(result.err())
        .contains("SEVERITY CATEGORY INST RESOURCE")
        .contains("critical changed  fra  container dive-v3-backend-fra")
        .contains("dive-ops/app:1.0.0")
        .contains("2026-11-28T10:00:00Z")
        .contains("critical extra    gbr  idp rogue-oidc")
        .contains("ignore rule restart-by-hand hid 2")
        .contains("2 items (2 critical) on fra,gbr in 420 ms: DRIFT");
    assertThat(temporal.args()).startsWith("workflow", "execute", "--type", "DetectDrift");
    assertThat(temporal.arg("--workflow-id")).startsWith("detect-drift-all-");
    assertThat(temporal.arg("--input")).isEqualTo("{\"instances\":[],\"reconcile\":false}");
  }

  @Test
  void inSyncExitsZeroAndNamedInstancesAreAskedFor() throws Exception {
    temporal.answerCompleted(IN_SYNC);
    assertThat(temporal.run("detect-drift.sh", "fra", "usa").exit()).isZero();
    assertThat(temporal.arg("--workflow-id")).startsWith("detect-drift-fra-usa-");
    assertThat(temporal.arg("--input"))
        .isEqualTo("{\"instances\":[\"fra\",\"usa\"],\"reconcile\":false}");
  }

  @Test
  void somethingUnreadableWithNothingElseDriftedExitsTwo() throws Exception {
    temporal.answerCompleted(UNKNOWN);
    Script.Result result = temporal.run("detect-drift.sh", "gbr");
    assertThat(result.exit()).as(result.both()).isEqualTo(2);
    assertThat(result.err()).contains("unknown").contains("Keycloak cannot be read");
  }

  @Test
  void reconcileIsAskedForItsStepsPrintedAndWhatIsLeftExitsOne() throws Exception {
    temporal.answerCompleted(
        """
        {"instances": ["fra"], "verdict": "DRIFT", "items": [
          {"instance": "fra", "resource": "container dive-v3-kas-fra", "path": "ports",
           "category": "changed", "desired": "8080->10001", "actual": "8080->10099",
           "source": null, "severity": "warning", "firstSeen": "2026-11-28T10:00:00Z",
           "lastSeen": "2026-11-28T11:00:00Z"}],
         "summary": [], "ignored": {}, "reason": null, "durationMs": 30000,
         "reconciled": [
           {"instance": "fra", "action": "not reconciled", "outcome": "SKIPPED",
            "details": ["fra|container dive-v3-kas-fra|ports|changed: recreate it by hand"]},
           {"instance": "fra", "action": "DeployInstance 1.0.0", "outcome": "DONE: DEPLOYED",
            "details": []}]}
        """);
    Script.Result result = temporal.run("detect-drift.sh", "fra", "--reconcile");
    assertThat(result.exit()).as(result.both()).isEqualTo(1);
    assertThat(result.err())
        .contains("reconcile fra: not reconciled: SKIPPED")
        .contains("    fra|container dive-v3-kas-fra|ports|changed: recreate it by hand")
        .contains("reconcile fra: DeployInstance 1.0.0: DONE: DEPLOYED");
    assertThat(temporal.arg("--input")).isEqualTo("{\"instances\":[\"fra\"],\"reconcile\":true}");
  }

  @Test
  void aRefusalOfARunRecordedBeforeReconcileExistedExitsTwo() throws Exception {
    temporal.answerCompleted(
        "{\"instances\": [\"fra\"], \"verdict\": \"REJECTED\", \"items\": [], \"summary\": [],"
            + " \"ignored\": {}, \"reason\": \"reconcile is not built yet: run without"
            + " --reconcile\", \"durationMs\": 0}");
    Script.Result result = temporal.run("detect-drift.sh", "fra", "--reconcile");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("REJECTED: reconcile is not built yet");
  }

  @Test
  void badArgumentsExitTwoBeforeAnyRunStarts() throws Exception {
    for (List<String> call : List.of(List.of("FRA"), List.of("--fix"))) {
      Script.Result result = temporal.run("detect-drift.sh", call.toArray(String[]::new));
      assertThat(result.exit()).as(call + "\n" + result.both()).isEqualTo(2);
      assertThat(result.err()).contains("detect-drift.sh [instance…] [--reconcile]");
    }
    assertThat(temporal.called()).isFalse();
  }
}
