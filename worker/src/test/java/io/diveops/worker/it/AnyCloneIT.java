package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product runs from any clone: the repository's tracked files alone, copied where nothing is
 * beside them (no ../shared), validate their own registry. The worker jar of this build is reused
 * through DIVE_OPS_WORKER_JAR so the test does not build the project a second time.
 */
class AnyCloneIT {
  static final Path ROOT = Path.of(System.getProperty("dive.root", "..")).toAbsolutePath();
  static final Path JAR =
      Path.of(System.getProperty("dive.workerJar", "target/dive-ops-worker.jar")).toAbsolutePath();

  @TempDir Path dir;

  @Test
  void aCopyOfTheTrackedFilesValidatesItsOwnRegistry() throws Exception {
    Path clone = dir.resolve("isolated").resolve("dive-ops");
    copyTrackedFiles(clone);
    assertThat(clone.getParent().resolve("shared")).doesNotExist();
    assertThat(clone.resolveSibling("shared")).doesNotExist();

    ProcessBuilder validate =
        new ProcessBuilder(clone.resolve("dive-ops").toString(), "validate")
            .directory(clone.toFile())
            .redirectErrorStream(true);
    var env = validate.environment();
    env.keySet().removeIf(k -> k.startsWith("DIVE_"));
    env.put("DIVE_OPS_WORKER_JAR", JAR.toString());
    env.put("DIVE_OPS_STATE", dir.resolve("state").toString());
    Process process = validate.start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("validate finishes").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("VALID   config/federation-registry.json: 0 errors");
  }

  /**
   * The same copy runs the product (server and worker, no sandbox of its own) and plans a deploy
   * through a launcher.
   */
  @Test
  void aCopyOfTheTrackedFilesRunsTheProductAndPlansADeploy() throws Exception {
    Path clone = dir.resolve("isolated").resolve("dive-ops");
    copyTrackedFiles(clone);
    int server = FreePort.pick();
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("DIVE_") || k.startsWith("TEMPORAL_"));
    env.put("DIVE_OPS_WORKER_JAR", JAR.toString());
    env.put("DIVE_OPS_TOOLS", ROOT.resolve(".tools").toString()); // the temporal CLI, built once
    env.put("DIVE_OPS_STATE", dir.resolve("state").toString());
    env.put("DIVE_OPS_SANDBOX", "0");
    env.put("DIVE_OPS_HEALTH_WATCH_ENABLED", "false");
    env.put("DIVE_OPS_BACKUPS_SCHEDULES", "false");
    env.put("DIVE_OPS_SERVER_PORT", String.valueOf(server));
    env.put("DIVE_OPS_UI_PORT", String.valueOf(FreePort.pick()));
    env.put("DIVE_OPS_WORKER_PORT", String.valueOf(FreePort.pick()));
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + server);
    env.put("TEMPORAL_CLI", ROOT.resolve(".tools/bin/temporal").toString());
    try {
      String up = run(clone, env, "./dive-ops", "up");
      assertThat(up).contains("DIVE Ops is up");
      String plan = run(clone, env, "runbooks/deploy-instance.sh", "gbr", "1.0.0", "--dry-run");
      assertThat(plan).contains("\"outcome\": \"PLANNED\"");
    } finally {
      run(clone, env, "./dive-ops", "down");
    }
  }

  /** Runs a command in the copy; its output, after asserting it exited 0 within 3 minutes. */
  private static String run(Path clone, java.util.Map<String, String> env, String... command)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(clone.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Path log = Files.createTempFile("any-clone", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    boolean ended = process.waitFor(3, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    assertThat(ended && process.exitValue() == 0)
        .as(String.join(" ", command) + ":\n" + output)
        .isTrue();
    return output;
  }

  private static void copyTrackedFiles(Path target) throws IOException, InterruptedException {
    Process ls = new ProcessBuilder("git", "ls-files", "-z").directory(ROOT.toFile()).start();
    String names = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ls.waitFor()).isZero();
    for (String name : List.of(names.split("\0"))) {
      Path source = ROOT.resolve(name);
      if (name.isEmpty() || !Files.isRegularFile(source)) {
        continue; // deleted in the work tree, not yet committed
      }
      Path copy = target.resolve(name);
      Files.createDirectories(copy.getParent());
      Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
