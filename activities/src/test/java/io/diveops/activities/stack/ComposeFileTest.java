package io.diveops.activities.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RealRegistry;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.release.Release;
import io.diveops.activities.stack.KeycloakDatabaseSecretTest.NamedSecrets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The compose file is the layout's specs, written without a single secret value. */
class ComposeFileTest {
  static final FederationRegistry SANDBOX = KeycloakDatabaseSecretTest.REGISTRY;
  static final Release RELEASE = KeycloakDatabaseSecretTest.RELEASE;
  private static final YAMLMapper YAML = new YAMLMapper();

  static ComposeFile.Generated generate(
      FederationRegistry registry, String key, Release release, Optional<String> version) {
    return new ComposeFile(registry.defaults(), name -> version)
        .generate(key, registry.instance(key).orElseThrow(), release, "registry.json");
  }

  static JsonNode services(ComposeFile.Generated generated) throws Exception {
    return YAML.readTree(generated.yaml()).get("services");
  }

  @Test
  void everySecretIsAVariableReferenceAndNoValueIsWritten() throws Exception {
    Instance fra = SANDBOX.instance("fra").orElseThrow();
    ComposeFile.Generated generated = generate(SANDBOX, "fra", RELEASE, Optional.of("1"));
    JsonNode services = services(generated);
    StackLayout layout = new StackLayout(new NamedSecrets(), SANDBOX.defaults());
    List<String> secretVariables = new ArrayList<>();
    for (String service : StackLayout.services(fra)) {
      ContainerSpec spec = layout.spec("fra", fra, service, RELEASE);
      JsonNode env = services.get(service).get("environment");
      assertThat(env.size()).as(service).isEqualTo(spec.env().size());
      spec.env()
          .forEach(
              (name, value) -> {
                String written = env.get(name).asText();
                if (value.startsWith("value-of-")) {
                  String secret = value.substring("value-of-".length());
                  assertThat(written).isEqualTo("${" + ComposeFile.variable(secret) + "}");
                  secretVariables.add(ComposeFile.variable(secret));
                } else {
                  assertThat(written).as(service + " " + name).isEqualTo(value);
                }
              });
    }
    assertThat(secretVariables)
        .contains("DIVE_V3_POSTGRES_FRA", "DIVE_V3_KEYCLOAK_DB_FRA", "DIVE_V3_REDIS_FRA");
    assertThat(generated.secrets())
        .containsEntry("DIVE_V3_POSTGRES_FRA", "dive-v3-postgres-fra")
        .containsEntry("DIVE_V3_KEYCLOAK_FRA", "dive-v3-keycloak-fra");
    assertThat(generated.yaml())
        .contains("POSTGRES_PASSWORD: \"${DIVE_V3_POSTGRES_FRA}\"")
        .doesNotContain("<<dive-ops-");
  }

  @Test
  void theSecretLabelsKeepTheStoresVersionOrAVariableWhenItCannotTell() throws Exception {
    JsonNode pinned =
        services(generate(SANDBOX, "fra", RELEASE, Optional.of("7"))).get("postgres").get("labels");
    assertThat(pinned.get("dive.ops.secret.dive-v3-postgres-fra").asText()).isEqualTo("7");
    assertThat(pinned.get("dive.ops.secret.dive-v3-keycloak-db-fra").asText()).isEqualTo("7");

    ComposeFile.Generated unknown = generate(SANDBOX, "fra", RELEASE, Optional.empty());
    assertThat(
            services(unknown)
                .get("postgres")
                .get("labels")
                .get("dive.ops.secret.dive-v3-postgres-fra")
                .asText())
        .isEqualTo("${DIVE_V3_POSTGRES_FRA_VERSION}");
    assertThat(unknown.versions()).containsEntry("dive-v3-postgres-fra", null);
    assertThat(unknown.yaml()).contains("version from $DIVE_V3_POSTGRES_FRA_VERSION");
  }

  @Test
  void labelsPortsNetworksVolumesAndHealthAreTheLayouts() throws Exception {
    Instance fra = SANDBOX.instance("fra").orElseThrow();
    JsonNode services = services(generate(SANDBOX, "fra", RELEASE, Optional.of("1")));
    StackLayout layout = new StackLayout(new NamedSecrets(), SANDBOX.defaults());
    for (String service : StackLayout.services(fra)) {
      ContainerSpec spec = layout.spec("fra", fra, service, RELEASE);
      JsonNode written = services.get(service);
      assertThat(written.get("container_name").asText()).isEqualTo(spec.name());
      assertThat(written.get("image").asText()).isEqualTo(spec.image());
      assertThat(YAML.convertValue(written.get("labels"), Map.class)).isEqualTo(spec.labels());
      assertThat(texts(written.get("ports")))
          .isEqualTo(
              spec.ports().stream()
                  .map(p -> "127.0.0.1:" + p.hostPort() + ":" + p.containerPort())
                  .toList());
      assertThat(texts(written.get("networks").get("default").get("aliases")))
          .isEqualTo(spec.aliases());
      assertThat(texts(written.get("volumes")))
          .isEqualTo(
              spec.volumes().entrySet().stream()
                  .map(v -> v.getKey() + ":" + v.getValue())
                  .toList());
      assertThat(texts(written.get("healthcheck").get("test"))).isEqualTo(spec.health().test());
      assertThat(written.get("healthcheck").get("start_period").asText())
          .isEqualTo(spec.health().startPeriod().toSeconds() + "s");
      assertThat(written.get("restart").asText()).isEqualTo("unless-stopped");
    }
    assertThat(texts(services.get("keycloak").get("ports")))
        .containsExactly("127.0.0.1:18081:8080", "127.0.0.1:19001:9000");
    assertThat(
            texts(
                services.get("keycloak").get("networks").get("dive-ops-federation").get("aliases")))
        .containsExactly("dive-v3-keycloak-fra");
  }

  @Test
  void theFileNamesTheStacksNetworkAndVolumesAndJoinsTheFederationNetworkItDoesNotOwn()
      throws Exception {
    JsonNode file = YAML.readTree(generate(SANDBOX, "fra", RELEASE, Optional.of("1")).yaml());
    assertThat(file.at("/networks/default/name").asText()).isEqualTo("dive-fra_default");
    assertThat(file.at("/networks/dive-ops-federation/external").asBoolean()).isTrue();
    assertThat(file.at("/volumes/dive-fra_postgres-data/name").asText())
        .isEqualTo("dive-fra_postgres-data");
    assertThat(file.at("/x-dive-ops/project").asText()).isEqualTo("dive-fra");
    assertThat(file.at("/x-dive-ops/release").asText()).isEqualTo("1.0.0");
  }

  @Test
  void eachStageWaitsForTheOneBeforeItToBeHealthy() throws Exception {
    JsonNode services = services(generate(SANDBOX, "fra", RELEASE, Optional.of("1")));
    assertThat(services.get("postgres").has("depends_on")).isFalse();
    assertThat(fieldNames(services.get("keycloak").get("depends_on")))
        .containsExactly("postgres", "mongodb", "redis");
    assertThat(fieldNames(services.get("backend").get("depends_on")))
        .containsExactly("keycloak", "opa");
    assertThat(services.at("/backend/depends_on/opa/condition").asText())
        .isEqualTo("service_healthy");
  }

  @Test
  void aLiteralDollarIsEscapedSoComposeDoesNotInterpolateIt() throws Exception {
    Map<String, Release.ServiceRelease> services = new HashMap<>(RELEASE.services());
    services.put(
        "opa", new Release.ServiceRelease("dive-ops/opa:1.4.2", Map.of("OPA_NOTE", "cost $5")));
    Release release = new Release("1.0.0", services);
    assertThat(
            services(generate(SANDBOX, "fra", release, Optional.of("1")))
                .at("/opa/environment/OPA_NOTE")
                .asText())
        .isEqualTo("cost $$5");
  }

  @Test
  void divesOwnRegistryGeneratesForEveryInstance() throws Exception {
    FederationRegistry dive = new RegistryReader().read(RealRegistry.FILE).model().orElseThrow();
    for (String key : dive.instances().keySet()) {
      JsonNode services = services(generate(dive, key, RELEASE, Optional.of("1")));
      assertThat(fieldNames(services)).as(key).hasSize(8);
      assertThat(services.at("/keycloak/container_name").asText())
          .isEqualTo(dive.instance(key).orElseThrow().services().get("keycloak").containerName());
    }
  }

  @Test
  void aServiceTheReleaseLacksIsRefusedNamingIt() {
    Map<String, Release.ServiceRelease> services = new HashMap<>(RELEASE.services());
    services.remove("kas");
    assertThatThrownBy(
            () -> generate(SANDBOX, "fra", new Release("0.9.0", services), Optional.of("1")))
        .hasMessageContaining("kas")
        .hasMessageContaining("0.9.0");
  }

  @Test
  void aSecretsVariableIsItsNameInUpperCase() {
    assertThat(ComposeFile.variable("dive-v3-keycloak-client-secret-usa"))
        .isEqualTo("DIVE_V3_KEYCLOAK_CLIENT_SECRET_USA");
    assertThat(ComposeFile.versionVariable("dive-v3-redis-gbr"))
        .isEqualTo("DIVE_V3_REDIS_GBR_VERSION");
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    if (array == null) {
      return texts;
    }
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
