package io.diveops.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.worker.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config generate} and {@code config diff}: outputs and exit codes. */
class ConfigCommandTest {
  static final Path ROOT = Path.of(System.getProperty("dive.root", ".."));
  static final Path REGISTRY = ROOT.resolve("config/federation-registry.json");

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> variables = new HashMap<>();
  private final Map<String, String> composeEnvironment = new HashMap<>();
  private Supplier<SecretStore> store;

  @BeforeEach
  void settings() throws Exception {
    Path releases = Files.createDirectories(dir.resolve("releases"));
    for (String version : List.of("1.0.0", "1.1.0")) {
      Files.copy(
          ROOT.resolve("releases/" + version + ".json"), releases.resolve(version + ".json"));
    }
    variables.put("DIVE_OPS_REGISTRY", REGISTRY.toString());
    variables.put("DIVE_OPS_RELEASES_DIR", releases.toString());
    variables.put("DIVE_OPS_INSTANCES_DIR", dir.resolve("instances").toString());
    variables.put("DIVE_OPS_SECRETS_DIR", dir.resolve("secrets").toString());
    store = () -> new FileSecretStore(dir.resolve("secrets"));
  }

  int run(String... args) {
    out.reset();
    err.reset();
    return new ConfigCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Settings.of(variables).diveOps(),
            composeEnvironment,
            store)
        .run(args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void generatePrintsTheFileWithVariablesForSecretsAndTheStoresVersions() {
    FileSecretStore secrets = new FileSecretStore(dir.resolve("secrets"));
    String postgres = secrets.ensure("dive-v3-postgres-fra");
    String keycloakDb = secrets.ensure("dive-v3-keycloak-db-fra");

    assertThat(run("generate", "--instance", "fra", "--release", "1.0.0")).isEqualTo(0);
    assertThat(out())
        .startsWith("# docker-compose.yml of DIVE instance fra (compose project dive-fra)")
        .contains("POSTGRES_PASSWORD: \"${DIVE_V3_POSTGRES_FRA}\"")
        .contains("dive.ops.secret.dive-v3-postgres-fra: \"1\"")
        .contains("dive.ops.secret.dive-v3-redis-fra: \"${DIVE_V3_REDIS_FRA_VERSION}\"")
        .contains("image: dive-ops/app:1.0.0")
        .doesNotContain(postgres)
        .doesNotContain(keycloakDb);
    assertThat(err())
        .contains("release 1.0.0 (as asked)")
        .contains("warning: the secret store has no version of dive-v3-keycloak-fra,")
        .doesNotContain(postgres);
  }

  @Test
  void generateWritesTheFileItIsToldTo() throws Exception {
    Path file = dir.resolve("docker-compose.gbr.yml");
    assertThat(run("generate", "--instance", "gbr", "--out", file.toString())).isEqualTo(0);
    assertThat(out()).isEmpty();
    assertThat(Files.readString(file)).contains("container_name: dive-v3-keycloak-gbr");
    assertThat(err()).contains("wrote " + file + ": instance gbr at release 1.1.0");
  }

  @Test
  void theReleaseIsTheOneTheInstanceRunsElseTheNewest() {
    assertThat(run("generate", "--instance", "usa")).isEqualTo(0);
    assertThat(err()).contains("release 1.1.0 (the newest in ");
    assertThat(out()).contains("dive.ops.release: 1.1.0");

    new ReleaseHistory(dir.resolve("instances")).deployed("usa", "1.0.0", null);
    assertThat(run("generate", "--instance", "usa")).isEqualTo(0);
    assertThat(err()).contains("release 1.0.0 (the release usa runs, as ");
    assertThat(out()).contains("dive.ops.release: 1.0.0");
  }

  @Test
  void generateRefusesWhatItCannotGenerateFrom() throws Exception {
    assertThat(run("generate")).isEqualTo(2);
    assertThat(err()).contains("generate needs --instance KEY").contains("usage:");
    assertThat(run("generate", "--instance", "xyz")).isEqualTo(2);
    assertThat(err()).contains("instance 'xyz' is not in the registry").contains("fra, gbr");
    assertThat(run("generate", "--instance", "fra", "--release", "9.9.9")).isEqualTo(2);
    assertThat(err()).contains("release 9.9.9 does not exist");
    assertThat(
            run("generate", "--instance", "fra", "--registry", dir.resolve("gone.json").toString()))
        .isEqualTo(2);
    assertThat(err()).contains("gone.json");
    assertThat(run("generate", "--instance", "fra", "--verbose")).isEqualTo(2);
    assertThat(err()).contains("unknown option '--verbose'");
    assertThat(run("generate", "--instance")).isEqualTo(2);
    assertThat(err()).contains("--instance needs a value");
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out()).contains("config diff");

    Files.delete(dir.resolve("releases/1.0.0.json"));
    Files.delete(dir.resolve("releases/1.1.0.json"));
    assertThat(run("generate", "--instance", "fra")).isEqualTo(2);
    assertThat(err()).contains("no release: fra has no release record");
  }

  @Test
  void anInvalidRegistryGeneratesNothing() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode registry = (ObjectNode) json.readTree(REGISTRY.toFile());
    ((ObjectNode) registry.at("/instances/fra/services/opa")).put("externalPort", 18181);
    Path invalid =
        Files.writeString(dir.resolve("registry.json"), json.writeValueAsString(registry));
    variables.put(
        "DIVE_OPS_REGISTRY_SCHEMA",
        ROOT.resolve("config/federation-registry.schema.json").toString());

    assertThat(run("generate", "--instance", "fra", "--registry", invalid.toString())).isEqualTo(1);
    assertThat(out()).isEmpty();
    assertThat(err()).contains("error    ").contains("is invalid");
    // A diff cannot tell what an invalid registry means: it cannot decide.
    assertThat(run("diff", "--registry", invalid.toString(), REGISTRY.toString())).isEqualTo(2);
  }

  @Test
  void diffOfAGeneratedFileFindsNothingAndOfAnEditedOneEachDifference() throws Exception {
    Path file = dir.resolve("docker-compose.fra.yml");
    assertThat(run("generate", "--instance", "fra", "--release", "1.0.0", "--out", file.toString()))
        .isEqualTo(0);
    assertThat(run("diff", file.toString())).isEqualTo(0);
    assertThat(out()).isEmpty();
    assertThat(err()).contains("no difference from instance fra of " + REGISTRY);

    Files.writeString(
        file,
        Files.readString(file)
            .replace("127.0.0.1:14001:4000", "4001:4000")
            .replace("container_name: dive-v3-kas-fra", "container_name: fra-kas"));
    assertThat(run("diff", file.toString())).isEqualTo(1);
    assertThat(out().lines())
        .containsExactly(
            file + " services.kas.container_name: fra-kas, registry says dive-v3-kas-fra",
            file + " services.backend.ports[0]: published 4001, registry says 14001");

    assertThat(run("diff", "--release", "1.1.0", file.toString())).isEqualTo(1);
    assertThat(out())
        .contains(
            file
                + " services.backend.image: dive-ops/app:1.0.0, release 1.1.0 says dive-ops/app:1.1.0");
  }

  @Test
  void diffCannotDecideOnAFileItCannotReadOrPlace() throws Exception {
    Path generated = dir.resolve("docker-compose.usa.yml");
    run("generate", "--instance", "usa", "--out", generated.toString());
    Path unknown =
        Files.writeString(dir.resolve("other.yml"), "services:\n  web:\n    image: nginx\n");

    assertThat(run("diff", generated.toString(), dir.resolve("gone.yml").toString())).isEqualTo(2);
    assertThat(err()).contains("cannot decide: " + dir.resolve("gone.yml") + ": cannot read it");
    assertThat(run("diff", unknown.toString())).isEqualTo(2);
    assertThat(err()).contains("--instance");
    assertThat(run("diff", "--instance", "gbr", unknown.toString())).isEqualTo(1);
    assertThat(out())
        .contains(unknown + " services.web: instance gbr of the registry has no such service");
    assertThat(run("diff")).isEqualTo(2);
    assertThat(err()).contains("diff needs at least one compose file");
    assertThat(run("diff", "--out", "x", generated.toString())).isEqualTo(2);
  }

  @Test
  void diffReadsTheVariablesTheCallerHasSet() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("compose.yml"),
            "services:\n  backend:\n    container_name: dive-v3-backend-fra\n"
                + "    ports: [\"127.0.0.1:${PORT}:4000\"]\n");
    assertThat(run("diff", file.toString())).isEqualTo(2);
    assertThat(err()).contains("variable PORT is not set");
    composeEnvironment.put("PORT", "14001");
    assertThat(run("diff", file.toString())).isEqualTo(1);
    assertThat(out()).doesNotContain("backend.ports").contains("no service for the registry's kas");
  }

  @Test
  void divesOwnRegistryAndFilesAreComparedToo() throws Exception {
    Path dive = ValidateCommandTest.REGISTRY;
    Path file = dir.resolve("docker-compose.deu.yml");
    assertThat(
            run(
                "generate",
                "--registry",
                dive.toString(),
                "--instance",
                "deu",
                "--release",
                "1.0.0",
                "--out",
                file.toString()))
        .isEqualTo(0);
    assertThat(run("diff", "--registry", dive.toString(), "--release", "1.0.0", file.toString()))
        .isEqualTo(0);
    // The same file against the sandbox's registry: no DEU there, and no container name of it.
    assertThat(run("diff", file.toString())).isEqualTo(2);
  }
}
