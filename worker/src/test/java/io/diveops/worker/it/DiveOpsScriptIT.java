package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./dive-ops validate as an operator and the pre-commit hook call it: exit codes and messages. */
class DiveOpsScriptIT {
  static final Path ROOT = Path.of(System.getProperty("dive.root", "..")).toAbsolutePath();
  static final Path REGISTRY =
      Path.of(System.getProperty("dive.shared", "../../shared"))
          .resolve("dive-v3/federation-registry.json")
          .toAbsolutePath();
  @TempDir Path dir;

  @Test
  void validRegistryExitsZero() throws Exception {
    Script.Result result = run("validate", REGISTRY.toString());
    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("VALID");
  }

  @Test
  void missingFileExitsTwoWithAMessage() throws Exception {
    Script.Result result = run("validate", dir.resolve("missing.json").toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("registry file not found");
  }

  @Test
  void invalidRegistryExitsOneWithOneLinePerError() throws Exception {
    String text =
        Files.readString(REGISTRY).replace("\"externalPort\": 6381", "\"externalPort\": 6380");
    Files.writeString(dir.resolve("federation-registry.json"), text);
    Files.copy(
        REGISTRY.resolveSibling("federation-registry.schema.json"),
        dir.resolve("federation-registry.schema.json"));
    Script.Result result = run("validate", dir.resolve("federation-registry.json").toString());
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("$.instances.gbr.services.redis.externalPort  [port-collision]");
  }

  @Test
  void unknownCommandExitsTwo() throws Exception {
    Script.Result result = run("frobnicate");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("usage:");
  }

  @Test
  void lockWithNoServerExitsTwoWithTheCliError() throws Exception {
    Script.Result result =
        Script.run(
            ROOT,
            Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1"),
            Duration.ofMinutes(1),
            List.of(ROOT.resolve("dive-ops").toString(), "lock", "fra"));
    assertThat(result.exit()).as(result.both()).isEqualTo(2);
    assertThat(result.err())
        .as(result.both())
        .contains("cannot be reached")
        .contains("failed reaching server")
        .contains("connection refused");
  }

  @Test
  void lockOfABadInstanceKeyExitsTwoNamingIt() throws Exception {
    Script.Result result = run("lock", "FRA!");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("dive-ops: not an instance key: 'FRA!'\n");
  }

  @Test
  void thePreCommitHookRefusesAnInvalidStagedRegistry() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("dive-repo"));
    runIn(repo, "git", "init", "-q");
    runIn(repo, "git", "config", "user.email", "ops@example.invalid");
    runIn(repo, "git", "config", "user.name", "ops");
    Files.createSymbolicLink(
        repo.resolve(".git/hooks/pre-commit"), ROOT.resolve("hooks/pre-commit"));
    Files.copy(
        REGISTRY.resolveSibling("federation-registry.schema.json"),
        repo.resolve("federation-registry.schema.json"));
    Files.copy(REGISTRY, repo.resolve("federation-registry.json"));
    runIn(repo, "git", "add", ".");
    assertThat(runIn(repo, "git", "commit", "-q", "-m", "valid registry").exit()).isZero();

    String broken =
        Files.readString(REGISTRY).replace("\"externalPort\": 6381", "\"externalPort\": 6380");
    Files.writeString(repo.resolve("federation-registry.json"), broken);
    runIn(repo, "git", "add", ".");
    Script.Result refused = runIn(repo, "git", "commit", "-q", "-m", "port clash");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.out() + refused.err())
        .contains("[port-collision]")
        .contains("commit refused");
    assertThat(runIn(repo, "git", "log", "--oneline").out().lines()).hasSize(1);
  }

  private Script.Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("dive-ops").toString()));
    command.addAll(List.of(args));
    return runIn(ROOT, command.toArray(String[]::new));
  }

  private Script.Result runIn(Path directory, String... command)
      throws IOException, InterruptedException {
    return Script.run(directory, Map.of(), Duration.ofMinutes(2), List.of(command));
  }
}
