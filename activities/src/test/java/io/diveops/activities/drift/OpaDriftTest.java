package io.diveops.activities.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.api.alert.Severity;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison against OPA's two read endpoints, answered on loopback the way OPA answers them
 * (the sandbox's real OPA is compared in the drift integration test).
 */
class OpaDriftTest {
  static final Path POLICY = Path.of("..", "sandbox", "opa", "policy");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  HttpServer opa;
  final Map<String, String> answers = new HashMap<>();
  final List<String> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
  int status = 200;

  @BeforeEach
  void opaServingTheShippedPolicy() throws IOException {
    List<Map<String, String>> modules = new ArrayList<>();
    try (var files = Files.list(POLICY)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".rego")).toList()) {
        modules.add(Map.of("id", "policy/" + file.getFileName(), "raw", Files.readString(file)));
      }
    }
    answers.put("/v1/policies", JSON.writeValueAsString(Map.of("result", modules)));
    answers.put(
        "/v1/data/dive/authz_data/clearance_levels",
        JSON.writeValueAsString(
            Map.of(
                "result",
                JSON.readTree(POLICY.resolve("data.json").toFile())
                    .at("/dive/authz_data/clearance_levels"))));
    opa = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    opa.createContext(
        "/",
        exchange -> {
          if (!exchange.getRequestMethod().equals("GET")) {
            changes.add(
                exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI().getPath()
                    + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                        .length());
          }
          String body = answers.getOrDefault(exchange.getRequestURI().getPath(), "{}");
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    opa.start();
  }

  @AfterEach
  void stop() {
    opa.stop(0);
  }

  Instance fra() {
    Instance.ServiceEndpoint endpoint =
        new Instance.ServiceEndpoint(
            "opa", "dive-v3-opa-fra", 8181, opa.getAddress().getPort(), "http", null, null);
    return new Instance(
        "FRA",
        "France",
        "partner",
        true,
        false,
        new Instance.Deployment("docker", "localhost", null, null, null),
        Map.of("opa", endpoint),
        null,
        Map.of(),
        null,
        null,
        null);
  }

  OpaDrift opaDrift() {
    return new OpaDrift(POLICY, new HttpProbe(Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }

  @Test
  void restoreDeletesWhatIsNotShippedThenPutsBackOnlyWhatDiffers() throws IOException {
    String authz = Files.readString(POLICY.resolve("authz.rego"));
    String tests = Files.readString(POLICY.resolve("authz_test.rego"));
    answers.put(
        "/v1/policies",
        JSON.writeValueAsString(
            Map.of(
                "result",
                List.of(
                    Map.of("id", "policy/authz.rego", "raw", authz + "\n# by hand\n"),
                    Map.of("id", "policy/authz_test.rego", "raw", tests),
                    Map.of("id", "rogue", "raw", "package rogue\n")))));
    answers.put("/v1/data/dive/authz_data/clearance_levels", "{\"result\":{\"UNCLASSIFIED\":0}}");

    List<String> done = opaDrift().restore(fra());

    assertThat(done)
        .containsExactly(
            "opa module rogue: deleted (not shipped)",
            "opa module policy/authz.rego: shipped text put back",
            "opa data /dive/authz_data/clearance_levels: shipped values put back");
    assertThat(changes)
        .containsExactly(
            "DELETE /v1/policies/rogue 0",
            "PUT /v1/policies/policy/authz.rego " + authz.getBytes(StandardCharsets.UTF_8).length,
            "PUT /v1/data/dive/authz_data/clearance_levels 61");
  }

  @Test
  void restoreOfTheShippedPolicyChangesNothing() throws IOException {
    assertThat(opaDrift().restore(fra())).isEmpty();
    assertThat(changes).isEmpty();
  }

  @Test
  void anOpaThatRefusesAChangeFailsTheRestoreNamingIt() {
    answers.put("/v1/policies", "{\"result\":[{\"id\":\"rogue\",\"raw\":\"package rogue\"}]}");
    status = 200;
    opa.removeContext("/");
    opa.createContext(
        "/",
        exchange -> {
          boolean get = exchange.getRequestMethod().equals("GET");
          byte[] bytes =
              (get
                      ? answers.getOrDefault(exchange.getRequestURI().getPath(), "{}")
                      : "{\"code\":\"x\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(get ? 200 : 400, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> opaDrift().restore(fra()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("OPA refused to change rogue: 400");
  }

  List<DriftItem> detect() {
    return opaDrift().detect(fra(), "fra");
  }

  @Test
  void theShippedPolicyAsShippedIsNoDifference() {
    assertThat(detect()).isEmpty();
  }

  @Test
  void aModuleReplacedAddedOrRemovedThroughTheApiIsCritical() throws IOException {
    String authz = Files.readString(POLICY.resolve("authz.rego"));
    answers.put(
        "/v1/policies",
        JSON.writeValueAsString(
            Map.of(
                "result",
                List.of(
                    Map.of("id", "policy/authz.rego", "raw", authz + "\nallow := true\n"),
                    Map.of("id", "rogue", "raw", "package rogue\n")))));

    assertThat(detect())
        .extracting(DriftItem::resource, DriftItem::category, DriftItem::severity)
        .containsExactlyInAnyOrder(
            tuple("opa module policy/authz.rego", DriftCategory.CHANGED, Severity.CRITICAL),
            tuple("opa module policy/authz_test.rego", DriftCategory.MISSING, Severity.CRITICAL),
            tuple("opa module rogue", DriftCategory.EXTRA, Severity.CRITICAL));
    DriftItem changed = detect().get(0);
    assertThat(changed.desired()).isEqualTo(OpaDrift.sha256(authz)).startsWith("sha256:");
    assertThat(changed.actual()).startsWith("sha256:").isNotEqualTo(changed.desired());
    assertThat(changed.source()).endsWith("authz.rego");
  }

  @Test
  void aDataValueChangedOrAddedNamesItsPathAndWhereTheShippedValueComesFrom() throws IOException {
    answers.put(
        "/v1/data/dive/authz_data/clearance_levels",
        "{\"result\":{\"UNCLASSIFIED\":0,\"CONFIDENTIAL\":1,\"SECRET\":0,\"TOP_SECRET\":3,"
            + "\"COSMIC\":9}}");

    List<DriftItem> items = detect();

    assertThat(items)
        .extracting(DriftItem::path, DriftItem::category, DriftItem::desired, DriftItem::actual)
        .containsExactlyInAnyOrder(
            tuple("SECRET", DriftCategory.CHANGED, "2", "0"),
            tuple("COSMIC", DriftCategory.EXTRA, null, "9"));
    assertThat(items.get(0).resource()).isEqualTo("opa data /dive/authz_data/clearance_levels");
    assertThat(items.stream().filter(i -> i.path().equals("SECRET")).findFirst().orElseThrow())
        .extracting(DriftItem::source)
        .asString()
        .endsWith("data.json#/dive/authz_data/clearance_levels/SECRET");
  }

  @Test
  void anOpaThatCannotBeReadIsOneUnknownItemNeverInSync() {
    status = 503;
    assertThat(detect())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.category()).isEqualTo(DriftCategory.UNKNOWN);
              assertThat(item.resource()).isEqualTo("opa dive-v3-opa-fra");
              assertThat(item.actual()).contains("503");
            });
    opa.stop(0);
    assertThat(detect())
        .singleElement()
        .extracting(DriftItem::category)
        .isEqualTo(DriftCategory.UNKNOWN);
  }

  @Test
  void anUnreadableShippedPolicyIsUnknownNotInSync() {
    List<DriftItem> items =
        new OpaDrift(
                dir.resolve("absent"), new HttpProbe(Duration.ofSeconds(1), Duration.ofSeconds(1)))
            .detect(null, "fra");
    assertThat(items)
        .singleElement()
        .extracting(DriftItem::category)
        .isEqualTo(DriftCategory.UNKNOWN);
  }
}
