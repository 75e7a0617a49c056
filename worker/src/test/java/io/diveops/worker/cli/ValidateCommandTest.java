package io.diveops.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.worker.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  static final Path SHARED = Path.of(System.getProperty("dive.shared", "../../shared"));
  static final Path REGISTRY = SHARED.resolve("dive-v3/federation-registry.json");
  static final Path SCHEMA = SHARED.resolve("dive-v3/federation-registry.schema.json");

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ValidateCommand command =
      new ValidateCommand(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8),
          Settings.of(Map.of()).diveOps());

  @Test
  void theRealRegistryIsValid() {
    assertThat(command.run(REGISTRY.toString())).isEqualTo(ValidateCommand.VALID);
    assertThat(out()).startsWith("VALID").contains("0 errors");
  }

  @Test
  void aMissingFileIsUnusable() {
    assertThat(command.run(dir.resolve("gone.json").toString()))
        .isEqualTo(ValidateCommand.UNUSABLE);
    assertThat(err()).contains("registry file not found").contains("gone.json");
    assertThat(out()).isEmpty();
  }

  @Test
  void aFileThatIsNotJsonIsUnusable() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.json"), "instances: usa, fra\n");
    assertThat(command.run("--schema", SCHEMA.toString(), file.toString()))
        .isEqualTo(ValidateCommand.UNUSABLE);
    assertThat(err()).contains("notes.json:1:").contains("not valid JSON");
  }

  @Test
  void anUnknownFlagIsUnusable() {
    assertThat(command.run("--fix", REGISTRY.toString())).isEqualTo(ValidateCommand.UNUSABLE);
    assertThat(err()).contains("unknown option '--fix'").contains("usage:");
  }

  @Test
  void aSchemaViolationGivesOneLinePerErrorWithPathAndRule() throws Exception {
    Path file =
        mutated(
            r -> {
              ((ObjectNode) r.at("/instances/fra")).put("code", "fr");
              r.put("version", "3.1");
              r.remove("metadata");
            });
    assertThat(command.run("--schema", SCHEMA.toString(), file.toString()))
        .isEqualTo(ValidateCommand.INVALID);
    assertThat(out().lines().filter(l -> l.startsWith("error")))
        .hasSize(3)
        .anySatisfy(l -> assertThat(l).contains("$.version").contains("[schema:pattern]"))
        // The rule's message is the more specific one, so the schema's pattern error on the same
        // spot is not repeated.
        .anySatisfy(
            l ->
                assertThat(l).contains("$.instances.fra.code").contains("[instance-code-mismatch]"))
        .anySatisfy(
            l -> assertThat(l).contains("$ ").contains("[schema:required]").contains("metadata"));
    assertThat(out()).contains("INVALID");
  }

  @Test
  void aPortCollisionIsOneErrorLine() throws Exception {
    Path file =
        mutated(r -> ((ObjectNode) r.at("/instances/usa/services/opa")).put("externalPort", 8182));
    assertThat(command.run("--schema", SCHEMA.toString(), file.toString()))
        .isEqualTo(ValidateCommand.INVALID);
    assertThat(out().lines().filter(l -> l.startsWith("error")).toList())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains("$.instances.fra.services.opa.externalPort")
                    .contains("[port-collision]")
                    .contains("8182"));
  }

  @Test
  void jsonOutputIsTheReport() throws Exception {
    assertThat(command.run("--json", REGISTRY.toString())).isEqualTo(ValidateCommand.VALID);
    var report = new ObjectMapper().readTree(out());
    assertThat(report.get("valid").asBoolean()).isTrue();
    assertThat(report.get("errors").isArray()).isTrue();
  }

  private Path mutated(Consumer<ObjectNode> change) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode registry = (ObjectNode) mapper.readTree(REGISTRY.toFile());
    change.accept(registry);
    return Files.writeString(dir.resolve("registry.json"), mapper.writeValueAsString(registry));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
