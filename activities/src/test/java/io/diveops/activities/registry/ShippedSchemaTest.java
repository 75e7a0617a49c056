package io.diveops.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema the product ships (written here for DIVE's format v3) against DIVE's own: both accept
 * the real DIVE registry and the sandbox's, and every mutation is rejected by both at the same
 * paths for the same reasons.
 */
class ShippedSchemaTest {
  static final Path ROOT = Path.of(System.getProperty("dive.root", ".."));
  static final Path SHIPPED = ROOT.resolve("config/federation-registry.schema.json");
  static final Path SANDBOX_REGISTRY = ROOT.resolve("config/federation-registry.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final SchemaCheck OURS = new SchemaCheck(read(SHIPPED));
  private static final SchemaCheck DIVES = new SchemaCheck(read(RealRegistry.SCHEMA));

  @Test
  void bothAcceptTheRealDiveRegistryAndTheSandboxRegistry() {
    assertThat(OURS.check(RealRegistry.json())).isEmpty();
    assertThat(DIVES.check(RealRegistry.json())).isEmpty();
    assertThat(OURS.check(read(SANDBOX_REGISTRY))).isEmpty();
    assertThat(DIVES.check(read(SANDBOX_REGISTRY))).isEmpty();
  }

  @Test
  void theSandboxRegistryNamesTheShippedSchemaAndValidatesWithoutOverride() {
    assertThat(
            SANDBOX_REGISTRY
                .getParent()
                .resolve(read(SANDBOX_REGISTRY).path("$schema").asText())
                .normalize())
        .isEqualTo(SHIPPED.normalize());
    assertThat(new RegistryValidator().validate(SANDBOX_REGISTRY, Optional.empty()).errors())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void bothRejectTheSameMutationAtTheSamePlaces(String name, Consumer<ObjectNode> mutation) {
    ObjectNode registry = RealRegistry.json();
    mutation.accept(registry);
    Set<String> ours = findings(OURS, registry);
    Set<String> dives = findings(DIVES, registry);
    assertThat(dives).as("DIVE's schema rejects " + name).isNotEmpty();
    assertThat(ours).as("the shipped schema's findings for " + name).isEqualTo(dives);
  }

  static Stream<Arguments> mutations() {
    return Stream.of(
        mutation("version without a patch number", r -> r.put("version", "3.1")),
        mutation("metadata without maintainer", r -> obj(r, "metadata").remove("maintainer")),
        mutation(
            "unknown compliance framework",
            r -> ((ArrayNode) r.at("/metadata/compliance")).add("GDPR")),
        mutation(
            "lastUpdated not a date-time", r -> obj(r, "metadata").put("lastUpdated", "yesterday")),
        mutation(
            "realm with capitals and a space", r -> obj(r, "defaults").put("realm", "Dive V3")),
        mutation(
            "token lifetime in words", r -> obj(r, "defaults").put("tokenLifetime", "15 minutes")),
        mutation(
            "unknown clearance level",
            r -> ((ArrayNode) r.at("/defaults/clearanceLevels")).add("COSMIC")),
        mutation(
            "short password policy",
            r -> obj(r, "defaults").putObject("passwordPolicy").put("minLength", 8)),
        mutation(
            "instance key of two letters",
            r -> obj(r, "instances").set("de", r.at("/instances/usa").deepCopy())),
        mutation("lower-case instance code", r -> obj(r, "instances", "usa").put("code", "usa")),
        mutation("unknown instance type", r -> obj(r, "instances", "fra").put("type", "hybrid")),
        mutation("enabled as a string", r -> obj(r, "instances", "gbr").put("enabled", "yes")),
        mutation(
            "deployment without host",
            r -> obj(r, "instances", "usa", "deployment").remove("host")),
        mutation(
            "unknown provider",
            r -> obj(r, "instances", "usa", "deployment").put("provider", "podman")),
        mutation(
            "tunnel id in capitals",
            r ->
                obj(r, "instances", "usa", "cloudflare")
                    .put("tunnelId", "F8E6C558-847B-4952-B8B2-27F98A85E36C")),
        mutation(
            "test-user clearance out of range",
            r -> obj(r, "instances", "usa", "testUsers").putArray("clearances").add(0).add(5)),
        mutation(
            "privileged and incomplete port block",
            r -> obj(r, "instances", "usa").putObject("ports").put("frontend", 80)),
        mutation(
            "service block that is not an object",
            r -> obj(r, "instances", "usa", "services").put("redis", 6379)),
        mutation("unknown federation model", r -> obj(r, "federation").put("model", "star")),
        mutation(
            "matrix naming a country, not a key",
            r -> ((ArrayNode) r.at("/federation/matrix/usa")).add("GERMANY")),
        mutation("federation without trust model", r -> obj(r, "federation").remove("trustModel")),
        mutation(
            "claim mapping of unknown type",
            r -> obj(r, "federation", "attributeMapping", "clearance").put("type", "enum")),
        mutation("malformed GCP project id", r -> obj(r, "gcp").put("projectId", "X")),
        mutation("no federation at all", r -> r.remove("federation")));
  }

  private static Arguments mutation(String name, Consumer<ObjectNode> change) {
    return Arguments.of(name, change);
  }

  private static ObjectNode obj(ObjectNode root, String... path) {
    JsonNode node = root;
    for (String p : path) {
      node = node.path(p);
    }
    return (ObjectNode) node;
  }

  private static Set<String> findings(SchemaCheck schema, JsonNode registry) {
    return schema.check(registry).stream()
        .map(f -> f.path() + " " + f.rule())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
