package io.diveops.activities.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.stack.KeycloakDatabaseSecretTest.NamedSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated file as Compose itself reads it (Debian's {@code docker-compose config}, which
 * needs no daemon) names the services, images, ports, environment and labels the layout gives the
 * containers a deploy creates. Secrets are filled in from the environment, as an operator's shell
 * would, with each secret's value being its own name so the test can tell which one a variable got.
 */
class DockerComposeConfigTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path dir;

  @ParameterizedTest
  // One instance of each registry: every instance goes through the same code, and each run of
  // docker-compose costs a second or more on a busy host.
  @ValueSource(strings = {"sandbox:fra", "dive:usa"})
  void composeReadsWhatTheLayoutCreates(String registryAndKey) throws Exception {
    String[] parts = registryAndKey.split(":");
    FederationRegistry registry =
        parts[0].equals("sandbox") ? ComposeFileTest.SANDBOX : ComposeDiffTest.DIVE;
    String key = parts[1];
    Instance instance = registry.instance(key).orElseThrow();
    ComposeFile.Generated generated =
        ComposeFileTest.generate(registry, key, ComposeFileTest.RELEASE, Optional.of("1"));
    Path file = Files.writeString(dir.resolve("docker-compose.yml"), generated.yaml());
    Map<String, String> env = new TreeMap<>();
    generated.secrets().forEach((variable, secret) -> env.put(variable, "value-of-" + secret));

    JsonNode config = config(file, StackLayout.project(instance), env);

    StackLayout layout = new StackLayout(new NamedSecrets(), registry.defaults());
    assertThat(names(config.get("services")))
        .isEqualTo(new TreeSet<>(StackLayout.services(instance)));
    for (String service : StackLayout.services(instance)) {
      ContainerSpec spec = layout.spec(key, instance, service, ComposeFileTest.RELEASE);
      JsonNode read = config.get("services").get(service);
      assertThat(read.get("container_name").asText()).as(service).isEqualTo(spec.name());
      assertThat(read.get("image").asText()).as(service).isEqualTo(spec.image());
      assertThat(ports(read.get("ports")))
          .as(service)
          .isEqualTo(
              spec.ports().stream()
                  .map(p -> new ComposePort(p.hostIp(), p.hostPort(), p.containerPort(), "tcp"))
                  .toList());
      Map<String, String> environment = strings(read.get("environment"));
      assertThat(environment.keySet()).as(service).isEqualTo(spec.env().keySet());
      // Values too: the secrets came through the variables, everything else as the layout says.
      assertThat(environment).as(service).isEqualTo(spec.env());
      assertThat(strings(read.get("labels"))).as(service).isEqualTo(spec.labels());
      assertThat(names(read.get("networks")))
          .as(service)
          .containsExactlyInAnyOrderElementsOf(
              service.equals("keycloak")
                  ? List.of("default", FederationNetwork.NAME)
                  : List.of("default"));
    }
    assertThat(config.at("/networks/default/name").asText())
        .isEqualTo(StackLayout.network(instance));
  }

  /** {@code docker-compose config}'s output, failing on anything it warns about. */
  static JsonNode config(Path file, String project, Map<String, String> variables)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("docker-compose", "-p", project, "-f", file.toString(), "config")
            .redirectError(file.resolveSibling("stderr.txt").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("DIVE_"));
    builder.environment().putAll(variables);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError(
          "docker-compose is needed (Debian's package docker-compose; ./dive-ops test installs it)",
          e);
    }
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(file.resolveSibling("stderr.txt"));
    assertThat(process.exitValue()).as(stderr).isZero();
    assertThat(stderr).as("docker-compose's warnings").isBlank();
    return YAML.readTree(new String(out, StandardCharsets.UTF_8));
  }

  static TreeSet<String> names(JsonNode object) {
    TreeSet<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new TreeMap<>();
    object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  static List<ComposePort> ports(JsonNode ports) {
    List<ComposePort> parsed = new ArrayList<>();
    ports.forEach(
        port ->
            parsed.add(
                ComposePort.parse(
                    port.isTextual() ? port.asText() : YAML.convertValue(port, Map.class))));
    return parsed;
  }
}
