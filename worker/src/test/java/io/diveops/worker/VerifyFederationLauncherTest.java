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

/**
 * runbooks/verify-federation.sh against a stand-in {@code temporal} CLI that records how it was
 * called and answers with a canned run: what the launcher asks for, the matrix it prints and its
 * exit codes, without a server. {@code LaunchersIT} runs it against an unreachable server.
 */
class VerifyFederationLauncherTest {

  static final String PASSING =
      """
      {"instances": ["fra", "usa"], "verdict": "PASS", "pairs": [
        {"home": "fra", "partner": "usa", "verdict": "PASS", "failedStep": null,
         "evidence": "resource API 200", "steps": [], "latencyMs": 840},
        {"home": "usa", "partner": "fra", "verdict": "PASS", "failedStep": null,
         "evidence": "resource API 200", "steps": [], "latencyMs": 910}],
       "passed": 2, "failed": 0, "durationMs": 960}
      """;

  static final String FAILING =
      """
      {"instances": ["fra", "usa"], "verdict": "FAIL", "pairs": [
        {"home": "fra", "partner": "usa", "verdict": "FAIL", "failedStep": "back-channel-token",
         "evidence": "invalid_client:\\n  the secret differs", "steps": [], "latencyMs": 120},
        {"home": "usa", "partner": "fra", "verdict": "FAIL", "failedStep": null,
         "evidence": "could not run: secret 'dive-v3-federation-fra-usa' does not exist",
         "steps": [], "latencyMs": 0}],
       "passed": 0, "failed": 2, "durationMs": 300}
      """;

  @TempDir Path dir;
  StandInTemporal temporal;

  @BeforeEach
  void standInCli() throws IOException {
    temporal = new StandInTemporal(dir);
  }

  @Test
  void everyPairPassingPrintsTheMatrixAndTheReportAndExitsZero() throws Exception {
    answerCompleted(PASSING);
    Script.Result result = launcher("usa", "fra");

    assertThat(result.exit()).as(result.both()).isZero();
    assertThat(new ObjectMapper().readTree(result.out()))
        .isEqualTo(new ObjectMapper().readTree(PASSING));
    assertThat(result.err())
        .contains("HOME    PARTNER  RESULT      MS  FAILED STEP         EVIDENCE")
        .contains("fra   ← usa      PASS       840  -                   resource API 200")
        .contains("usa   ← fra      PASS       910  -                   resource API 200")
        .contains("2 pairs: 2 passed, 0 failed in 960 ms: PASS");
    assertThat(args()).startsWith("workflow", "execute", "--type", "VerifyFederation");
    assertThat(arg("--workflow-id")).startsWith("verify-federation-usa-fra-");
    assertThat(arg("--input")).isEqualTo("{\"instances\":[\"usa\",\"fra\"],\"pair\":null}");
  }

  @Test
  void aFailedPairExitsOneAndNamesItsStepAndEvidenceOnOneLine() throws Exception {
    answerCompleted(FAILING);
    Script.Result result = launcher();

    assertThat(result.exit()).as(result.both()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "fra   ← usa      FAIL       120  back-channel-token  invalid_client: the secret"
                + " differs")
        .contains(
            "usa   ← fra      FAIL         0  -                   could not run: secret"
                + " 'dive-v3-federation-fra-usa' does not exist")
        .contains("2 pairs: 0 passed, 2 failed in 300 ms: FAIL");
    assertThat(arg("--workflow-id")).startsWith("verify-federation-all-");
    assertThat(new ObjectMapper().readTree(arg("--input")))
        .isEqualTo(new ObjectMapper().readTree("{\"instances\": [], \"pair\": null}"));
  }

  @Test
  void onePairAloneIsAskedForAsThatPair() throws Exception {
    answerCompleted(PASSING);
    assertThat(launcher("--pair", "usa:fra").exit()).isZero();
    assertThat(arg("--workflow-id")).startsWith("verify-federation-pair-usa-fra-");
    assertThat(arg("--input"))
        .isEqualTo("{\"instances\":[],\"pair\":{\"home\":\"usa\",\"partner\":\"fra\"}}");
  }

  @Test
  void aRunThatFailsExitsThreeWithItsReason() throws Exception {
    temporal.answer(
        "{\"status\": \"FAILED\", \"failure\": {\"message\": \"Activity task failed\", \"cause\":"
            + " {\"message\": \"instance 'usa' does not federate with 'deu'\"}}}");
    Script.Result result = launcher("--pair", "usa:deu");
    assertThat(result.exit()).as(result.both()).isEqualTo(3);
    assertThat(result.err()).contains("ended FAILED: instance 'usa' does not federate with 'deu'");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void badArgumentsExitTwoNamingThemBeforeAnyRunStarts() throws Exception {
    for (List<String> call :
        List.of(
            List.of("FRA"),
            List.of("--pair", "usa:FRA"),
            List.of("--pair", "usafra"),
            List.of("--pair"),
            List.of("usa", "--pair", "usa:fra"),
            List.of("--every"))) {
      Script.Result result = launcher(call.toArray(String[]::new));
      assertThat(result.exit()).as(call + "\n" + result.both()).isEqualTo(2);
      assertThat(result.err())
          .as(call.toString())
          .contains("usage: ")
          .contains("verify-federation.sh [instance…] [--pair <home>:<partner>]");
      assertThat(result.out()).isEmpty();
    }
    assertThat(launcher("--pair", "FRA:fra").err())
        .contains("instance must be a registry key such as fra, got 'FRA'");
    assertThat(launcher("--pair", "usafra").err())
        .contains("pair must be <home>:<partner> such as usa:fra, got 'usafra'");
    assertThat(launcher("usa", "--pair", "usa:fra").err())
        .contains("--pair verifies that pair alone: name no instance with it");
    assertThat(launcher("--every").err()).contains("unknown option '--every'");
    assertThat(temporal.called()).as("no run was started").isFalse();
  }

  private void answerCompleted(String result) throws IOException {
    temporal.answerCompleted(result);
  }

  private Script.Result launcher(String... args) throws Exception {
    return temporal.run("verify-federation.sh", args);
  }

  private List<String> args() throws IOException {
    return temporal.args();
  }

  private String arg(String flag) throws IOException {
    return temporal.arg(flag);
  }
}
