package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's `./dive-ops up` as a new user meets it: no sandbox containers, no `.state`, no
 * release records. It must succeed and leave no RecoverService run behind. (Its own state folder,
 * ports and records, so it neither sees nor disturbs the machine's running product.)
 */
class FirstUpIT {
  static final Path ROOT = DeployFixture.ROOT;
  @TempDir Path state;

  @Test
  void upFromNothingSucceedsAndStartsNoRecovery() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("DIVE_OPS_STATE", state.toString());
    env.put("DIVE_OPS_INSTANCES_DIR", state.resolve("instances").toString());
    env.put("DIVE_OPS_BACKUPS_DIR", state.resolve("backups").toString());
    int server = FreePort.pick();
    env.put("DIVE_OPS_SERVER_PORT", String.valueOf(server));
    env.put("DIVE_OPS_UI_PORT", String.valueOf(FreePort.pick()));
    env.put("DIVE_OPS_WORKER_PORT", String.valueOf(FreePort.pick()));
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + server);
    env.put("DIVE_OPS_BACKUPS_SCHEDULES", "false");
    try {
      assertThat(run(env, 120, "./dive-ops", "sandbox", "down").exit()).isZero();
      long started = System.currentTimeMillis();
      Result up = run(env, 540, "./dive-ops", "up");
      System.out.printf(
          "first ./dive-ops up from nothing: exit %d in %d s%n",
          up.exit(), (System.currentTimeMillis() - started) / 1000);
      assertThat(up.exit()).as(up.out()).isZero();
      // Long enough for a watch that misjudged anything to have started a recovery (threshold 2 x 2
      // s).
      Poll.until(
          "the watches to probe every instance a few times",
          java.time.Duration.ofSeconds(60),
          () -> probes(env, "usa") >= 5 && probes(env, "fra") >= 5 && probes(env, "gbr") >= 5);
      Result list =
          run(
              env,
              30,
              ".tools/bin/temporal",
              "workflow",
              "list",
              "--address",
              "127.0.0.1:" + server,
              "--query",
              "WorkflowType = 'RecoverService'",
              "-o",
              "json");
      assertThat(list.exit()).isZero();
      assertThat(new ObjectMapper().readTree(list.out().isBlank() ? "[]" : list.out()))
          .as(list.out())
          .isEmpty();
      Result status = run(env, 60, "./dive-ops", "status");
      assertThat(status.out()).contains("incidents 0 open");
    } finally {
      run(env, 120, "./dive-ops", "down");
    }
  }

  private static long probes(Map<String, String> env, String instance) {
    try {
      Result r =
          run(
              env,
              30,
              ".tools/bin/temporal",
              "workflow",
              "query",
              "--address",
              env.get("TEMPORAL_ADDRESS"),
              "--workflow-id",
              "health-watch-" + instance,
              "--name",
              "status",
              "-o",
              "json");
      return r.exit() == 0
          ? new ObjectMapper().readTree(r.out()).path("queryResult").path(0).path("probes").asLong()
          : 0;
    } catch (IOException | InterruptedException e) {
      return 0;
    }
  }

  record Result(int exit, String out) {}

  private static Result run(Map<String, String> env, int seconds, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(List.of(command)).directory(ROOT.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    File log = File.createTempFile("first-up", ".log");
    builder.redirectOutput(log);
    Process process = builder.start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    String out = java.nio.file.Files.readString(log.toPath(), StandardCharsets.UTF_8);
    log.delete();
    return new Result(process.isAlive() ? -1 : process.exitValue(), out);
  }
}
