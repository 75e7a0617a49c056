package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launchers' exit codes as a script sees them: 2 when the launcher could not run the runbook
 * (bad usage; no Temporal server, with the CLI's own error), 3 when a run ended without its goal.
 */
class LaunchersIT {
  static final Path ROOT =
      Path.of(System.getProperty("dive.root", "..")).toAbsolutePath().normalize();

  /** Nothing listens on port 1 of the loopback: the connection is refused at once. */
  static final String NO_SERVER = "127.0.0.1:1";

  /** Every launcher, with arguments that pass its checks, so only the missing server stops it. */
  static final List<String> WELL_FORMED =
      List.of(
          "validate-registry.sh",
          "verify-instance.sh fra",
          "verify-federation.sh",
          "verify-federation.sh usa fra",
          "verify-federation.sh --pair usa:fra",
          "deploy-instance.sh fra 1.0.0 --dry-run",
          "deploy-instance.sh fra --decide retry",
          "rollback-instance.sh fra",
          "backup-instance.sh usa",
          "verify-backup.sh usa",
          "restore-instance.sh usa 20261126T020000Z",
          "health-watch.sh fra",
          "health-watch.sh fra pause",
          "health-watch.sh fra start",
          "recover-service.sh gbr redis",
          "recover-service.sh gbr redis retry");

  static Stream<String> wellFormedCalls() {
    return WELL_FORMED.stream();
  }

  /** The same calls with the instance (the first argument, where there is one) spelled wrong. */
  static Stream<String> badInstanceCalls() {
    return WELL_FORMED.stream()
        .filter(call -> call.contains(" "))
        .map(call -> call.replaceFirst(" [a-z]{3}\\b", " FRA"));
  }

  @ParameterizedTest
  @MethodSource("wellFormedCalls")
  void aServerThatCannotBeReachedExitsTwoWithTheCliError(String call) throws Exception {
    Script.Result result = exitsTwoWithoutServer(call);

    assertThat(result.err())
        .as(result.both())
        .contains("failed reaching server")
        .contains(NO_SERVER)
        .contains("connection refused")
        .doesNotContain("ended UNKNOWN");
    assertThat(result.out()).as("no result JSON").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("badInstanceCalls")
  void aBadInstanceNameExitsTwoNamingIt(String call) throws Exception {
    // The server is unreachable too: the check must come first and say what is wrong.
    Script.Result result = exitsTwoWithoutServer(call);

    assertThat(result.err())
        .as(result.both())
        .contains("instance must be a registry key such as fra, got 'FRA'")
        .contains("usage: ")
        .contains(call.split(" ")[0])
        .doesNotContain("failed reaching server");
  }

  @Test
  void otherBadArgumentsAreNamedToo() throws Exception {
    assertThat(exitsTwoWithoutServer("verify-instance.sh fra soon").err())
        .contains("budget must be whole seconds, got 'soon'");
    assertThat(exitsTwoWithoutServer("verify-backup.sh usa ../etc").err())
        .contains("backup must be an id such as 20261126T020000Z, got '../etc'");
    assertThat(exitsTwoWithoutServer("deploy-instance.sh fra 1.0.0 --dry").err())
        .contains("unknown option '--dry'");
    assertThat(exitsTwoWithoutServer("verify-federation.sh --pair usafra").err())
        .contains("pair must be <home>:<partner> such as usa:fra, got 'usafra'");
    assertThat(exitsTwoWithoutServer("verify-federation.sh usa --pair usa:fra").err())
        .contains("--pair verifies that pair alone: name no instance with it");
    assertThat(exitsTwoWithoutServer("verify-federation.sh --every").err())
        .contains("unknown option '--every'");
    assertThat(exitsTwoWithoutServer("rollback-instance.sh fra 1.0.0 extra").err())
        .startsWith("usage: ")
        .contains("rollback-instance.sh <instance> [release]");
  }

  /** A run that reaches the server and ends without a result is still the runbook's failure: 3. */
  @Test
  void aRunThatEndsBadlyStillExitsThree() throws Exception {
    DevServer server = DevServer.shared();
    String instance = "zzz"; // in no registry; and no worker polls the queue: the run only waits
    String workflowId = "recover-" + instance + "-redis";
    Map<String, String> env =
        Map.of(
            "TEMPORAL_ADDRESS",
            server.address(),
            "DIVE_OPS_TASK_QUEUE",
            "launchers-it-" + UUID.randomUUID());
    CompletableFuture<Script.Result> launched =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return launcher(env, List.of("recover-service.sh", instance, "redis"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    WorkflowStub run = server.client().newUntypedWorkflowStub(workflowId);
    Poll.until(
        workflowId + " to be started by the launcher",
        Duration.ofSeconds(30),
        () -> {
          run.describe();
          return true;
        });
    run.terminate("LaunchersIT: a run that ends without a result");

    Script.Result result = launched.get();
    assertThat(result.exit()).as(result.both()).isEqualTo(3);
    assertThat(result.err()).contains("RecoverService " + workflowId + " ended");
  }

  /** Runs a launcher ("verify-instance.sh fra") with no server to reach and asserts it exits 2. */
  private static Script.Result exitsTwoWithoutServer(String call) throws Exception {
    Script.Result result =
        launcher(Map.of("TEMPORAL_ADDRESS", NO_SERVER), List.of(call.split(" ")));
    assertThat(result.exit()).as(result.both()).isEqualTo(2);
    return result;
  }

  private static Script.Result launcher(Map<String, String> extraEnv, List<String> call)
      throws Exception {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("TEMPORAL_CLI", DevServer.temporalBinary());
    List<String> command = new ArrayList<>(call);
    command.set(0, ROOT.resolve("runbooks").resolve(call.get(0)).toString());
    return Script.run(ROOT, env, Duration.ofMinutes(1), command);
  }
}
