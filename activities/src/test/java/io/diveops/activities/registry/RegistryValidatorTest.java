package io.diveops.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.api.registry.Finding;
import io.diveops.api.registry.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryValidatorTest {
  private final RegistryValidator validator = new RegistryValidator();
  @TempDir Path dir;

  @Test
  void theRealDiveRegistryIsValid() {
    ValidationReport report = validator.validate(RealRegistry.FILE, Optional.empty());
    assertThat(report.errors()).isEmpty();
    assertThat(report.valid()).isTrue();
  }

  @Test
  void theRealRegistryMapsToTypedRecords() {
    FederationRegistry model = new RegistryReader().read(RealRegistry.FILE).model().orElseThrow();
    assertThat(model.instances()).containsOnlyKeys("usa", "fra", "gbr", "deu");
    Instance fra = model.instance("fra").orElseThrow();
    assertThat(fra.services().get("backend").externalPort()).isEqualTo(4001);
    assertThat(fra.services()).doesNotContainKey("_comment");
    assertThat(fra.deployment().projectName()).isEqualTo("fra");
    assertThat(model.federation().matrix().get("fra")).containsExactly("usa", "gbr", "deu");
  }

  @Test
  void schemaViolationNamesPathAndKeyword() {
    ValidationReport report =
        validate(
            r -> {
              r.remove("federation");
              ((ObjectNode) r.at("/instances/fra")).put("type", "orbital");
            });
    assertThat(report.valid()).isFalse();
    assertThat(report.errors())
        .extracting(Finding::path, Finding::rule)
        .contains(
            org.assertj.core.groups.Tuple.tuple("$", "schema:required"),
            org.assertj.core.groups.Tuple.tuple("$.instances.fra.type", "schema:enum"));
  }

  @Test
  void portCollisionOnTheSameHost() {
    ValidationReport report =
        validate(
            r -> ((ObjectNode) r.at("/instances/gbr/services/redis")).put("externalPort", 6380));
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("port-collision");
              assertThat(f.path()).isEqualTo("$.instances.gbr.services.redis.externalPort");
              assertThat(f.message())
                  .contains("6380")
                  .contains("$.instances.fra.services.redis.externalPort");
            });
  }

  @Test
  void samePortOnAnotherHostIsNoCollision() {
    // DEU runs on its own host and publishes USA's ports: that is fine.
    ValidationReport report = validate(r -> {});
    assertThat(report.errors()).isEmpty();
    assertThat(RealRegistry.json().at("/instances/deu/services/backend/externalPort").asInt())
        .isEqualTo(RealRegistry.json().at("/instances/usa/services/backend/externalPort").asInt());
  }

  @Test
  void tunnelMetricsPortCollidesWithAServicePort() {
    ValidationReport report =
        validate(r -> ((ObjectNode) r.at("/instances/gbr/cloudflare")).put("metricsPort", 3000));
    assertThat(report.errors())
        .extracting(Finding::rule, Finding::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "port-collision", "$.instances.gbr.cloudflare.metricsPort"));
  }

  @Test
  void keycloaksManagementPortCollidesWithAServicePort() {
    ValidationReport report =
        validate(
            r ->
                ((ObjectNode) r.at("/instances/gbr/services/keycloak"))
                    .put("managementPort", 4002));
    assertThat(report.errors())
        .extracting(Finding::rule, Finding::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "port-collision", "$.instances.gbr.services.keycloak.managementPort"));
  }

  @Test
  void disabledInstanceDoesNotClaimPorts() {
    ValidationReport report =
        validate(
            r -> {
              ((ObjectNode) r.at("/instances/gbr")).put("enabled", false);
              ((ObjectNode) r.at("/instances/gbr/services/redis")).put("externalPort", 6380);
              r.with("federation").with("matrix").remove("gbr");
              for (String key : new String[] {"usa", "fra", "deu"}) {
                ArrayNode row = (ArrayNode) r.at("/federation/matrix/" + key);
                for (int i = row.size() - 1; i >= 0; i--) {
                  if (row.get(i).asText().equals("gbr")) row.remove(i);
                }
              }
            });
    assertThat(report.errors()).isEmpty();
  }

  @Test
  void federationMatrixNamingAnUnknownInstance() {
    ValidationReport report =
        validate(r -> ((ArrayNode) r.at("/federation/matrix/fra")).add("ita"));
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("federation-unknown-instance");
              assertThat(f.path()).isEqualTo("$.federation.matrix.fra[3]");
              assertThat(f.message()).contains("'ita'");
            });
  }

  @Test
  void federationMatrixNamingADisabledInstance() {
    ValidationReport report =
        validate(r -> ((ObjectNode) r.at("/instances/deu")).put("enabled", false));
    assertThat(report.errors())
        .extracting(Finding::rule)
        .containsOnly("federation-disabled-instance");
    assertThat(report.errors())
        .extracting(Finding::path)
        .contains("$.federation.matrix.deu", "$.federation.matrix.usa[2]");
  }

  @Test
  void federationMatrixRowForAnUnknownInstanceAndSelfTrust() {
    ValidationReport report =
        validate(
            r -> {
              r.with("federation").with("matrix").putArray("nld").add("usa");
              ((ArrayNode) r.at("/federation/matrix/usa")).add("usa");
            });
    assertThat(report.errors())
        .extracting(Finding::rule, Finding::path)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "federation-unknown-instance", "$.federation.matrix.nld"),
            org.assertj.core.groups.Tuple.tuple(
                "federation-self-reference", "$.federation.matrix.usa[3]"));
  }

  @Test
  void oneSidedTrustUnderABilateralModelIsAWarning() {
    ValidationReport report = validate(r -> ((ArrayNode) r.at("/federation/matrix/gbr")).remove(0));
    assertThat(report.valid()).isTrue();
    assertThat(report.warnings())
        .extracting(Finding::rule, Finding::path)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "federation-not-reciprocal", "$.federation.matrix.usa[1]"));
  }

  @Test
  void duplicateContainerName() {
    ValidationReport report =
        validate(
            r ->
                ((ObjectNode) r.at("/instances/fra/services/kas"))
                    .put("containerName", "dive-v3-kas"));
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("duplicate-container-name");
              assertThat(f.path()).isEqualTo("$.instances.fra.services.kas.containerName");
            });
  }

  @Test
  void duplicateTunnelId() {
    String usaTunnel = RealRegistry.json().at("/instances/usa/cloudflare/tunnelId").asText();
    ValidationReport report =
        validate(r -> ((ObjectNode) r.at("/instances/gbr/cloudflare")).put("tunnelId", usaTunnel));
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("duplicate-tunnel-id");
              assertThat(f.path()).isEqualTo("$.instances.gbr.cloudflare.tunnelId");
              assertThat(f.message()).contains("$.instances.usa.cloudflare.tunnelId");
            });
  }

  @Test
  void malformedTunnelIdIsReportedOnceBySpecificRule() {
    ValidationReport report =
        validate(
            r ->
                ((ObjectNode) r.at("/instances/fra/cloudflare"))
                    .put("tunnelId", "E07574BD-not-a-uuid"));
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("tunnel-id-format");
              assertThat(f.path()).isEqualTo("$.instances.fra.cloudflare.tunnelId");
            });
  }

  @Test
  void missingSecretReference() {
    ValidationReport report =
        validate(r -> ((ObjectNode) r.at("/instances/gbr/secrets")).remove("postgres"));
    assertOnlyError(report, "secret-reference-missing", "$.instances.gbr.secrets.postgres");
  }

  @Test
  void secretValueInsteadOfReference() {
    ValidationReport report =
        validate(
            r ->
                ((ObjectNode) r.at("/instances/usa/secrets"))
                    .put("redis", "hunter2 is my password!"));
    assertThat(report.errors())
        .extracting(Finding::rule)
        .containsExactly("secret-reference-format");
    assertThat(report.errors().get(0).message()).doesNotContain("hunter2");
  }

  @Test
  void anInstanceWithoutASecretsBlockHasItsSecretsNamedByConvention() {
    ValidationReport report =
        validate(r -> ((ObjectNode) r.at("/instances/fra")).remove("secrets"));
    assertThat(report.valid()).isTrue();
    assertThat(report.warnings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("secret-names-by-convention");
              assertThat(f.message()).contains("fra").contains("dive-v3-postgres-fra");
            });
  }

  /**
   * DIVE's later registries have no secrets blocks at all: that is said once, and nothing buries
   * the real errors.
   */
  @Test
  void aRegistryWithoutSecretsBlocksIsToldSoOnce() {
    ValidationReport report =
        validate(
            r ->
                r.with("instances")
                    .fields()
                    .forEachRemaining(e -> ((ObjectNode) e.getValue()).remove("secrets")));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings())
        .filteredOn(f -> f.rule().equals("secret-names-by-convention"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("usa, fra, gbr, deu"));
  }

  @Test
  void anEmptySecretsBlockIsStillIncomplete() {
    ValidationReport report =
        validate(r -> ((ObjectNode) r.at("/instances/fra")).putObject("secrets"));
    assertThat(report.errors()).extracting(Finding::path).containsOnly("$.instances.fra.secrets");
    assertThat(report.errors()).hasSize(SecretReferenceRule.REQUIRED.size());
  }

  @Test
  void aSecretsBlockNamingAnotherInstancesSecretIsInconsistent() {
    ValidationReport report =
        validate(
            r -> ((ObjectNode) r.at("/instances/fra/secrets")).put("redis", "dive-v3-redis-usa"));
    assertOnlyError(report, "secret-reference-inconsistent", "$.instances.fra.secrets.redis");
  }

  static void assertOnlyError(ValidationReport report, String rule, String path) {
    assertThat(report.errors())
        .extracting(Finding::rule, Finding::path)
        .containsExactly(tuple(rule, path));
  }

  @Test
  void inlinePasswordIsAWarning() {
    ValidationReport report =
        validate(r -> r.with("defaults").put("testUserPassword", "Correct-Horse-Battery-9"));
    assertThat(report.valid()).isTrue();
    assertThat(report.warnings()).extracting(Finding::rule).containsExactly("secret-inline");
    assertThat(report.warnings().get(0).message()).doesNotContain("Correct-Horse");
  }

  @Test
  void instanceCodeMismatch() {
    ValidationReport report =
        validate(r -> ((ObjectNode) r.at("/instances/gbr")).put("code", "GBA"));
    assertThat(report.errors()).extracting(Finding::rule).containsExactly("instance-code-mismatch");
  }

  @Test
  void wrongShapeStillGivesSchemaErrors() {
    ValidationReport report = validate(r -> r.put("instances", "none"));
    assertThat(report.valid()).isFalse();
    assertThat(report.errors())
        .extracting(Finding::path, Finding::rule)
        .contains(org.assertj.core.groups.Tuple.tuple("$.instances", "schema:type"));
  }

  @Test
  void missingFileIsUnusable() {
    assertThatThrownBy(
            () -> validator.validate(dir.resolve("nope.json"), Optional.of(RealRegistry.SCHEMA)))
        .isInstanceOf(UnusableRegistryException.class)
        .hasMessageContaining("registry file not found")
        .hasMessageContaining("nope.json");
  }

  @Test
  void notJsonIsUnusableWithLineAndColumn() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.json"), "{\n  \"version\": 3.1.0,\n");
    assertThatThrownBy(() -> validator.validate(file, Optional.of(RealRegistry.SCHEMA)))
        .isInstanceOf(UnusableRegistryException.class)
        .hasMessageContaining("broken.json:2:")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void registryWhoseSchemaIsMissing() throws IOException {
    Path file = RealRegistry.mutated(dir, r -> r.put("$schema", "./elsewhere.schema.json"));
    assertThatThrownBy(() -> validator.validate(file, Optional.empty()))
        .isInstanceOf(UnusableRegistryException.class)
        .hasMessageContaining("elsewhere.schema.json")
        .hasMessageContaining("--schema");
  }

  private ValidationReport validate(Consumer<ObjectNode> mutation) {
    return validator.validate(
        RealRegistry.mutated(dir, mutation), Optional.of(RealRegistry.SCHEMA));
  }
}
