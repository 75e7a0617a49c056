package io.diveops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The state directories default to the same places whoever starts the worker: the dive-ops script,
 * the properties' own defaults (bound as worker and commands bind them) and the README agree.
 */
class StateDefaultsTest {
  static final Path ROOT = Path.of(System.getProperty("dive.root", ".."));

  @Test
  void theMachineStateIsTheScriptsRule() {
    assertThat(MachineState.dir(true, Map.of("XDG_STATE_HOME", "/x"), "/root"))
        .isEqualTo(Path.of("/var/lib/dive-ops"));
    assertThat(MachineState.dir(false, Map.of(), "/home/ops"))
        .isEqualTo(Path.of("/home/ops/.local/state/dive-ops"));
    assertThat(MachineState.dir(false, Map.of("XDG_STATE_HOME", ""), "/home/ops"))
        .isEqualTo(Path.of("/home/ops/.local/state/dive-ops"));
    assertThat(MachineState.dir(false, Map.of("XDG_STATE_HOME", "/srv/state"), "/home/ops"))
        .isEqualTo(Path.of("/srv/state/dive-ops"));
  }

  @Test
  void nothingSetResolvesToTheMachineState() {
    DiveOpsProperties properties = bindWith(Map.of());
    assertThat(properties.secretsDir()).isEqualTo(MachineState.dir().resolve("secrets"));
    assertThat(properties.instancesDir()).isEqualTo(MachineState.dir().resolve("instances"));
    assertThat(properties.backups().dir()).isEqualTo(MachineState.dir().resolve("backups"));
  }

  @Test
  void theEnvironmentStillWins() {
    DiveOpsProperties properties =
        bindWith(
            Map.of(
                "DIVE_OPS_SECRETS_DIR",
                "/s",
                "DIVE_OPS_INSTANCES_DIR",
                "/i",
                "DIVE_OPS_BACKUPS_DIR",
                "/b"));
    assertThat(properties.secretsDir()).isEqualTo(Path.of("/s"));
    assertThat(properties.instancesDir()).isEqualTo(Path.of("/i"));
    assertThat(properties.backups().dir()).isEqualTo(Path.of("/b"));
  }

  @Test
  void theNamesTheScriptExportedBeforeStillWork() {
    DiveOpsProperties properties =
        bindWith(Map.of("DIVE_OPS_SECRETS", "/s", "DIVE_OPS_INSTANCES", "/i"));
    assertThat(properties.secretsDir()).isEqualTo(Path.of("/s"));
    assertThat(properties.instancesDir()).isEqualTo(Path.of("/i"));
  }

  @Test
  void theScriptExportsTheSameDirectories() throws IOException {
    String script = Files.readString(ROOT.resolve("dive-ops"));
    assertThat(script)
        .contains("MACHINE_STATE=/var/lib/dive-ops;")
        .contains("MACHINE_STATE=${XDG_STATE_HOME:-$HOME/.local/state}/dive-ops;")
        .contains(
            "DIVE_OPS_SECRETS_DIR=${DIVE_OPS_SECRETS_DIR:-${DIVE_OPS_SECRETS:-$MACHINE_STATE/secrets}}")
        .contains(
            "DIVE_OPS_INSTANCES_DIR=${DIVE_OPS_INSTANCES_DIR:-${DIVE_OPS_INSTANCES:-$MACHINE_STATE/instances}}")
        .contains("DIVE_OPS_BACKUPS_DIR=${DIVE_OPS_BACKUPS_DIR:-$MACHINE_STATE/backups}");
  }

  @ParameterizedTest
  @CsvSource({
    "DIVE_OPS_SECRETS_DIR, secrets",
    "DIVE_OPS_INSTANCES_DIR, instances",
    "DIVE_OPS_BACKUPS_DIR, backups"
  })
  void theReadmeDocumentsTheSameDefaults(String variable, String name) throws IOException {
    String row =
        Files.readString(ROOT.resolve("README.md"))
            .lines()
            .filter(l -> l.startsWith("| `" + variable + "` |"))
            .findFirst()
            .orElseThrow();
    assertThat(row)
        .contains(
            "`/var/lib/dive-ops/" + name + "` (root), else `~/.local/state/dive-ops/" + name + "`");
  }

  /** Bound as the worker and the commands bind it, with only {@code env} as the environment. */
  private static DiveOpsProperties bindWith(Map<String, String> env) {
    return Settings.of(env).diveOps();
  }
}
