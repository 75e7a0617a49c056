package io.diveops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The state directories default to the same places whoever starts the worker: the dive-ops script,
 * application.yml, the properties' own defaults and the README agree.
 */
class StateDefaultsTest {
  static final Path ROOT = Path.of(System.getProperty("dive.root", ".."));

  @Test
  void theMachineStateIsTheScriptsRule() {
    assertThat(MachineState.dir(true, Map.of("XDG_STATE_HOME", "/x"), "/root")).isEqualTo(Path.of("/var/lib/dive-ops"));
    assertThat(MachineState.dir(false, Map.of(), "/home/ops")).isEqualTo(Path.of("/home/ops/.local/state/dive-ops"));
    assertThat(MachineState.dir(false, Map.of("XDG_STATE_HOME", ""), "/home/ops")).isEqualTo(Path.of("/home/ops/.local/state/dive-ops"));
    assertThat(MachineState.dir(false, Map.of("XDG_STATE_HOME", "/srv/state"), "/home/ops")).isEqualTo(Path.of("/srv/state/dive-ops"));
  }

  @Test
  void applicationYmlWithNothingSetResolvesToTheMachineState() throws IOException {
    DiveOpsProperties properties = bindWith(Map.of());
    assertThat(properties.secretsDir()).isEqualTo(MachineState.dir().resolve("secrets"));
    assertThat(properties.instancesDir()).isEqualTo(MachineState.dir().resolve("instances"));
    assertThat(properties.backups().dir()).isEqualTo(MachineState.dir().resolve("backups"));
  }

  @Test
  void theEnvironmentStillWins() throws IOException {
    DiveOpsProperties properties = bindWith(Map.of("DIVE_OPS_SECRETS", "/s", "DIVE_OPS_INSTANCES", "/i", "DIVE_OPS_BACKUPS_DIR", "/b"));
    assertThat(properties.secretsDir()).isEqualTo(Path.of("/s"));
    assertThat(properties.instancesDir()).isEqualTo(Path.of("/i"));
    assertThat(properties.backups().dir()).isEqualTo(Path.of("/b"));
  }

  @Test
  void theScriptExportsTheSameDirectories() throws IOException {
    String script = Files.readString(ROOT.resolve("dive-ops"));
    assertThat(script).contains("MACHINE_STATE=/var/lib/dive-ops;")
        .contains("MACHINE_STATE=${XDG_STATE_HOME:-$HOME/.local/state}/dive-ops;")
        .contains("DIVE_OPS_SECRETS=${DIVE_OPS_SECRETS:-$MACHINE_STATE/secrets}")
        .contains("DIVE_OPS_INSTANCES=${DIVE_OPS_INSTANCES:-$MACHINE_STATE/instances}")
        .contains("DIVE_OPS_BACKUPS_DIR=${DIVE_OPS_BACKUPS_DIR:-$MACHINE_STATE/backups}");
  }

  @ParameterizedTest
  @CsvSource({"DIVE_OPS_SECRETS, secrets", "DIVE_OPS_INSTANCES, instances", "DIVE_OPS_BACKUPS_DIR, backups"})
  void theReadmeDocumentsTheSameDefaults(String variable, String name) throws IOException {
    String row = Files.readString(ROOT.resolve("README.md")).lines().filter(l -> l.startsWith("| `" + variable + "` |"))
        .findFirst().orElseThrow();
    assertThat(row).contains("`/var/lib/dive-ops/" + name + "` (root), else `~/.local/state/dive-ops/" + name + "`");
  }

  /** application.yml bound as the worker binds it, with only {@code env} as the environment. */
  private static DiveOpsProperties bindWith(Map<String, Object> env) throws IOException {
    var environment = new StandardEnvironment();
    var sources = environment.getPropertySources();
    sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    sources.addLast(new MapPropertySource("env", env));
    new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml")).forEach(sources::addLast);
    return Binder.get(environment).bind("dive-ops", DiveOpsProperties.class).get();
  }
}
