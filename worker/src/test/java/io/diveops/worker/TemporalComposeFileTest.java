package io.diveops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.temporal.yml cannot be run here (no image can be pulled), so it is checked. */
class TemporalComposeFileTest {
  static Map<String, Map<String, Object>> services;
  static Map<String, Object> compose;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    try (Reader in =
        Files.newBufferedReader(
            Path.of(System.getProperty("dive.root", ".."), "docker-compose.temporal.yml"))) {
      compose = new Yaml().load(in);
    }
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void hasServerDatabaseUiAndAdminTools() {
    assertThat(services)
        .containsKeys(
            "postgresql",
            "temporal-schema",
            "temporal",
            "temporal-search-attributes",
            "temporal-admin-tools",
            "temporal-ui");
  }

  @Test
  void publishesOnlyOnLoopbackTheServerAndUiPorts() {
    services.forEach(
        (name, service) -> {
          @SuppressWarnings("unchecked")
          List<String> ports = (List<String>) service.getOrDefault("ports", List.of());
          assertThat(ports).as(name).allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
        });
    assertThat(services.get("temporal").get("ports")).isEqualTo(List.of("127.0.0.1:7233:7233"));
    assertThat(services.get("temporal-ui").get("ports")).isEqualTo(List.of("127.0.0.1:8233:8080"));
  }

  @Test
  void startsInDependencyOrderOnHealthyServices() {
    assertThat(condition("temporal-schema", "postgresql")).isEqualTo("service_healthy");
    assertThat(condition("temporal", "temporal-schema"))
        .isEqualTo("service_completed_successfully");
    assertThat(condition("temporal-ui", "temporal")).isEqualTo("service_healthy");
    assertThat(condition("temporal-search-attributes", "temporal")).isEqualTo("service_healthy");
    assertThat(condition("temporal-admin-tools", "temporal")).isEqualTo("service_healthy");
  }

  @Test
  void longRunningServicesHaveHealthChecksAndDataHasAVolume() {
    for (String name : List.of("postgresql", "temporal", "temporal-ui")) {
      assertThat(services.get(name)).as(name).containsKey("healthcheck");
      assertThat(services.get(name).get("restart")).isEqualTo("unless-stopped");
    }
    assertThat(services.get("postgresql").get("volumes").toString())
        .contains("temporal-postgres:/var/lib/postgresql/data");
    assertThat(((Map<?, ?>) compose.get("volumes")).containsKey("temporal-postgres")).isTrue();
  }

  @Test
  void searchAttributesOfTheRunbooksAreRegistered() {
    assertThat(services.get("temporal-search-attributes").get("command").toString())
        .contains("DiveInstance")
        .contains("DiveRunbook")
        .contains("Keyword");
  }

  @Test
  void noPasswordIsWrittenInTheFile() {
    assertThat(services.get("postgresql").get("environment").toString())
        .contains("POSTGRES_PASSWORD=${TEMPORAL_DB_PASSWORD:?");
  }

  @SuppressWarnings("unchecked")
  private static Object condition(String service, String dependency) {
    Map<String, Map<String, Object>> dependsOn =
        (Map<String, Map<String, Object>>) services.get(service).get("depends_on");
    return dependsOn.get(dependency).get("condition");
  }
}
