package io.diveops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.worker.it.Script;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/decommission-partner.sh against a stand-in {@code temporal} CLI: the input it sends, the
 * plan and the outcome it prints, its exit codes, and the arguments it refuses before any run.
 */
class DecommissionPartnerLauncherTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String PLANNED =
      """
      {"key": "deu", "outcome": "PLANNED",
       "plan": {"key": "deu", "resumed": false, "purge": true, "partners": ["usa", "fra"],
                "changes": [
         {"instance": "deu", "kind": "backup", "action": "create", "name": "deu",
          "detail": "the final backup, kept after the instance is gone"},
         {"instance": "usa", "kind": "idp", "action": "remove", "name": "deu-federation",
          "detail": "with its mappers"}], "errors": []},
       "errors": [], "finalBackup": null, "stepMs": {"plan": 120}, "changes": [],
       "remaining": [], "federation": null, "failure": null}
      """;

  @TempDir Path dir;
  StandInTemporal temporal;

  @BeforeEach
  void standInCli() throws IOException {
    temporal = new StandInTemporal(dir);
  }

  @Test
  void aDryRunSendsTheInstancePrintsThePlanAndExitsZero() throws Exception {
    temporal.answerCompleted(PLANNED);
    Script.Result result = launcher("deu", "--purge", "--dry-run");

    assertThat(result.exit()).as(result.both()).isZero();
    assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree(PLANNED));
    assertThat(result.err())
        .contains("plan for deu, purged: partners usa, fra")
        .contains("INSTANCE KIND      ACTION  NAME")
        .contains("usa      idp       remove  deu-federation")
        .contains("PLANNED in 120 ms (plan 120)");
    assertThat(temporal.args()).startsWith("workflow", "execute", "--type", "DecommissionPartner");
    assertThat(temporal.arg("--workflow-id")).startsWith("decommission-partner-deu-");
    JsonNode input = JSON.readTree(temporal.arg("--input"));
    assertThat(input)
        .isEqualTo(JSON.readTree("{\"instance\": \"deu\", \"purge\": true, \"dryRun\": true}"));
  }

  @Test
  void aDecommissionedInstancePrintsWhatWasRemovedTheBackupAndTheRemainingAndExitsZero()
      throws Exception {
    temporal.answerCompleted(
        """
        {"key": "deu", "outcome": "DECOMMISSIONED", "plan": null, "errors": [],
         "finalBackup": "deu-20261128T220000Z", "stepMs": {"plan": 100, "stack": 5000},
         "changes": ["stack: volumes kept: dive-deu_postgres-data"],
         "remaining": [{"instance": "usa", "outcome": "PASS", "checks": [], "durationMs": 900}],
         "federation": null, "failure": null}
        """);
    Script.Result result = launcher("deu");

    assertThat(result.exit()).as(result.both()).isZero();
    assertThat(JSON.readTree(temporal.arg("--input")).get("purge").asBoolean()).isFalse();
    assertThat(result.err())
        .contains("done: stack: volumes kept: dive-deu_postgres-data")
        .contains("final backup kept: deu-20261128T220000Z")
        .contains("VerifyInstance usa: PASS")
        .contains("DECOMMISSIONED in 5100 ms");
  }

  @Test
  void anIncompleteRunSaysWhereItStoppedAndExitsOne() throws Exception {
    temporal.answerCompleted(
        """
        {"key": "deu", "outcome": "INCOMPLETE", "plan": null, "errors": [], "finalBackup": null,
         "stepMs": {"plan": 100}, "changes": [], "remaining": [], "federation": null,
         "failure": "stack: the Docker Engine of localhost cannot be reached"}
        """);
    Script.Result result = launcher("deu");

    assertThat(result.exit()).as(result.both()).isEqualTo(1);
    assertThat(result.err())
        .contains("stopped at stack: the Docker Engine of localhost cannot be reached");
  }

  @Test
  void badArgumentsExitTwoBeforeAnyRunStarts() throws Exception {
    Map<List<String>, String> calls =
        Map.of(
            List.of(), "usage: ",
            List.of("--purge"), "the instance comes first, got '--purge'",
            List.of("DEU"), "instance must be a registry key such as fra, got 'DEU'",
            List.of("deu", "--force"), "unknown option '--force'",
            List.of("deu", "--purge", "--purge"), "usage: ");
    for (var call : calls.entrySet()) {
      Script.Result result = launcher(call.getKey().toArray(String[]::new));
      assertThat(result.exit()).as(call.getKey() + "\n" + result.both()).isEqualTo(2);
      assertThat(result.err())
          .as(call.getKey().toString())
          .contains(call.getValue())
          .contains("decommission-partner.sh <instance> [--purge] [--dry-run]");
      assertThat(result.out()).isEmpty();
    }
    assertThat(temporal.called()).as("no run was started").isFalse();
  }

  private Script.Result launcher(String... args) throws Exception {
    return temporal.run("decommission-partner.sh", args);
  }
}
