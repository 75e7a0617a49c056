package io.diveops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.worker.it.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/provision-partner.sh against a stand-in {@code temporal} CLI that records how it was
 * called and answers with a canned run: the input it builds from the partner file, the plan it
 * prints, its exit codes, and the partner files it refuses before any run starts.
 */
class ProvisionPartnerLauncherTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String PARTNER =
      """
      {"code": "DEU", "name": "Germany", "type": "local", "enabled": true,
       "deployment": {"provider": "docker", "host": "localhost", "domain": "dive.sandbox",
                      "projectName": "dive-deu"},
       "services": {"redis": {"containerName": "dive-v3-redis-deu", "internalPort": 6379,
                              "externalPort": 16382}},
       "secrets": {"gcpProjectId": "dive25", "redis": "dive-v3-redis-deu"}}
      """;

  static final String PLANNED =
      """
      {"key": "deu", "outcome": "PLANNED",
       "plan": {"key": "deu", "code": "DEU", "release": "1.0.0",
                "releaseReason": "the newest release its partners run (usa 1.0.0)",
                "trust": ["usa"], "changes": [
         {"instance": "deu", "kind": "container", "action": "create", "name": "dive-v3-redis-deu",
          "detail": "dive-ops/redis:7, ports 127.0.0.1:16382→6379"},
         {"instance": "usa", "kind": "idp", "action": "create", "name": "deu-federation",
          "detail": "issuer http://127.0.0.1:18083/realms/dive-v3-broker"}]},
       "errors": [], "warnings": [], "stepMs": {"validate": 412, "plan": 96}}
      """;

  static final String REJECTED =
      """
      {"key": "deu", "outcome": "REJECTED", "plan": null,
       "errors": [
         {"path": "$.trust[1]", "rule": "trust-unknown-instance",
          "message": "'ita' is not an instance of the registry (known: usa, fra, gbr)"},
         {"path": "$.instances.deu.services.opa.externalPort", "rule": "port-collision",
          "message": "external port 18182 on host localhost is already published by $.instances.fra.services.opa.externalPort"}],
       "warnings": [], "stepMs": {"validate": 300}}
      """;

  @TempDir Path dir;
  StandInTemporal temporal;
  Path partner;

  @BeforeEach
  void standInCliAndAPartnerFile() throws IOException {
    temporal = new StandInTemporal(dir);
    partner = dir.resolve("deu.json");
    Files.writeString(partner, PARTNER);
  }

  @Test
  void aDryRunSendsTheFileAsThePartnerPrintsThePlanAndExitsZero() throws Exception {
    temporal.answerCompleted(PLANNED);
    Script.Result result = launcher(partner.toString(), "--dry-run");

    assertThat(result.exit()).as(result.both()).isZero();
    assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree(PLANNED));
    assertThat(result.err())
        .contains(
            "plan for deu (DEU), release 1.0.0: the newest release its partners run (usa 1.0.0)")
        .contains("INSTANCE KIND      ACTION  NAME")
        .contains(
            "deu      container create  dive-v3-redis-deu                            dive-ops/redis:7,"
                + " ports 127.0.0.1:16382→6379")
        .contains("usa      idp       create  deu-federation")
        .contains("PLANNED in 508 ms (validate 412, plan 96)");
    assertThat(temporal.args()).startsWith("workflow", "execute", "--type", "ProvisionPartner");
    assertThat(temporal.arg("--workflow-id")).startsWith("provision-partner-deu-");
    JsonNode input = JSON.readTree(temporal.arg("--input"));
    assertThat(input.get("partner")).isEqualTo(JSON.readTree(PARTNER));
    assertThat(input.get("key").isNull()).isTrue();
    assertThat(input.get("trust").isNull()).isTrue();
    assertThat(input.get("dryRun").asBoolean()).isTrue();
  }

  @Test
  void keyAndTrustAreSentAsGiven() throws Exception {
    temporal.answerCompleted(PLANNED);
    assertThat(
            launcher(partner.toString(), "--key", "nld", "--trust", "usa,fra", "--dry-run").exit())
        .isZero();
    assertThat(temporal.arg("--workflow-id")).startsWith("provision-partner-nld-");
    JsonNode input = JSON.readTree(temporal.arg("--input"));
    assertThat(input.get("key").asText()).isEqualTo("nld");
    assertThat(input.get("trust")).isEqualTo(JSON.readTree("[\"usa\", \"fra\"]"));
  }

  @Test
  void aRejectedPartnerExitsOneNamingEveryError() throws Exception {
    temporal.answerCompleted(REJECTED);
    Script.Result result = launcher(partner.toString(), "--trust", "usa,ita", "--dry-run");

    assertThat(result.exit()).as(result.both()).isEqualTo(1);
    assertThat(result.err())
        .contains("REJECTED: 2 error(s)")
        .contains(
            "  $.trust[1]  [trust-unknown-instance]  'ita' is not an instance of the registry"
                + " (known: usa, fra, gbr)")
        .contains(
            "  $.instances.deu.services.opa.externalPort  [port-collision]  external port 18182")
        .doesNotContain("plan for");
  }

  @Test
  void aProvisionedPartnerPrintsWhatWasMadeAndTheMatrixAndExitsZero() throws Exception {
    temporal.answerCompleted(
        """
        {"key": "deu", "outcome": "PROVISIONED", "plan": null, "errors": [], "warnings": [],
         "stepMs": {"validate": 400, "stack": 150000},
         "changes": ["secrets: dive-v3-redis-deu", "federation usa: idp deu-federation: created"],
         "verification": {"instance": "deu", "outcome": "PASS", "checks": [], "durationMs": 900},
         "federation": {"instances": ["deu", "usa"], "verdict": "PASS", "passed": 2, "failed": 0,
           "durationMs": 2100, "pairs": [
             {"home": "usa", "partner": "deu", "verdict": "PASS", "failedStep": null,
              "evidence": "", "steps": [], "latencyMs": 1040},
             {"home": "deu", "partner": "usa", "verdict": "PASS", "failedStep": null,
              "evidence": "", "steps": [], "latencyMs": 990}]},
         "failure": null, "compensation": []}
        """);
    Script.Result result = launcher(partner.toString());

    assertThat(result.exit()).as(result.both()).isZero();
    assertThat(result.err())
        .contains("made: federation usa: idp deu-federation: created")
        .contains("VerifyInstance deu: PASS")
        .contains("VerifyFederation: PASS, 2 of 2 pairs passed")
        .contains("  usa<-deu PASS 1040 ms")
        .contains("PROVISIONED in 150400 ms");
  }

  @Test
  void aRolledBackPartnerPrintsWhatFailedAndWhatWasUndoneAndExitsOne() throws Exception {
    temporal.answerCompleted(
        """
        {"key": "deu", "outcome": "ROLLED_BACK", "plan": null, "errors": [], "warnings": [],
         "stepMs": {"validate": 400}, "changes": [], "verification": null, "federation": null,
         "failure": "stack: dive-v3-keycloak-deu not healthy within 11 minutes",
         "compensation": ["registry restored: done", "stack of deu removed: done"]}
        """);
    Script.Result result = launcher(partner.toString());

    assertThat(result.exit()).as(result.both()).isEqualTo(1);
    assertThat(result.err())
        .contains("failed at stack: dive-v3-keycloak-deu not healthy within 11 minutes")
        .contains("undo: registry restored: done")
        .contains("undo: stack of deu removed: done");
  }

  @Test
  void withoutADryRunAPlanIsNotTheGoal() throws Exception {
    temporal.answerCompleted(PLANNED);
    assertThat(launcher(partner.toString()).exit()).isEqualTo(1);
    assertThat(JSON.readTree(temporal.arg("--input")).get("dryRun").asBoolean()).isFalse();
  }

  @Test
  void badArgumentsAndUnfitPartnerFilesExitTwoBeforeAnyRunStarts() throws Exception {
    Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"code\": ");
    Path valued =
        Files.writeString(
            dir.resolve("valued.json"),
            "{\"code\": \"DEU\", \"secrets\": {\"redis\": \"hunter2 is my password\","
                + " \"postgres\": \"dive-v3-postgres-deu\", \"mongodb\": 42}}");
    Path codeless = Files.writeString(dir.resolve("codeless.json"), "{\"name\": \"Nowhere\"}");
    Map<List<String>, String> calls =
        Map.of(
            List.of(), "usage: ",
            List.of("--dry-run"), "the partner file comes first, got '--dry-run'",
            List.of(dir.resolve("none.json").toString()), "does not exist or cannot be read",
            List.of(notJson.toString()), "is not a JSON object",
            List.of(valued.toString()),
                "secrets.redis, secrets.mongodb must name secrets (letters, digits, '-', '_'),"
                    + " not hold values: nothing was sent",
            List.of(codeless.toString()), "the partner has no code: give its key with --key",
            List.of(partner.toString(), "--key", "NLD"),
                "instance must be a registry key such as fra, got 'NLD'",
            List.of(partner.toString(), "--trust", "usa,Fra"),
                "--trust must be registry keys such as usa,fra, got 'usa,Fra'",
            List.of(partner.toString(), "--trust", ","),
                "--trust must be registry keys such as usa,fra, got ','",
            List.of(partner.toString(), "--purge"), "unknown option '--purge'");
    for (var call : calls.entrySet()) {
      Script.Result result = launcher(call.getKey().toArray(String[]::new));
      assertThat(result.exit()).as(call.getKey() + "\n" + result.both()).isEqualTo(2);
      assertThat(result.err())
          .as(call.getKey().toString())
          .contains(call.getValue())
          .contains("provision-partner.sh <partner.json> [--key nld] [--trust usa,fra] [--dry-run]")
          .doesNotContain("hunter2");
      assertThat(result.out()).isEmpty();
    }
    assertThat(temporal.called()).as("no run was started").isFalse();
  }

  @Test
  void anAnswerMustBeRetryOrAbortForAKeyBeforeAnythingIsAsked() throws Exception {
    Map<List<String>, String> calls =
        Map.of(
            List.of("--decide", "deu"), "usage: ",
            List.of("--decide", "DEU", "retry"), "instance must be a registry key such as fra",
            List.of("--decide", "deu", "later"), "--decide must be retry or abort, got 'later'");
    for (var call : calls.entrySet()) {
      Script.Result result = launcher(call.getKey().toArray(String[]::new));
      assertThat(result.exit()).as(call.getKey() + "\n" + result.both()).isEqualTo(2);
      assertThat(result.err())
          .contains(call.getValue())
          .contains("provision-partner.sh --decide <key> retry|abort");
    }
    assertThat(temporal.called()).as("no run was started or answered").isFalse();
  }

  private Script.Result launcher(String... args) throws Exception {
    return temporal.run("provision-partner.sh", args);
  }
}
