package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.deploy.ServiceContainers;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.keycloak.PartnerIdp;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.InstanceStack;
import io.diveops.api.alert.Severity;
import io.diveops.api.drift.DetectDriftInput;
import io.diveops.api.drift.DetectDriftWorkflow;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import io.diveops.api.drift.DriftReport;
import io.diveops.api.drift.DriftVerdict;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * DetectDrift on the sandbox: in sync as built, then each fault of the issue made by hand the way
 * an operator (or an attacker) would make it, detected, and repaired before the next: an image and
 * an environment value changed on a container, a rogue identity provider, signature validation off,
 * an OPA module replaced through OPA's API, a Keycloak stopped. Alerts are read from each run's
 * history: one when an item first appears, none while it persists, one when it is resolved.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftIT {
  @RegisterExtension static final SandboxWorker SANDBOX = new SandboxWorker("drift-it");

  static final FileSecretStore SECRETS = new FileSecretStore(DeployFixture.SECRETS);
  static String lastRun;

  static DriftReport detect(String... instances) {
    return run(false, instances);
  }

  static DriftReport reconcile(String... instances) {
    DriftReport report = run(true, instances);
    report.reconciled().forEach(step -> System.out.println("reconcile: " + step));
    return report;
  }

  static DriftReport run(boolean reconcile, String... instances) {
    lastRun = "detect-drift-it-" + UUID.randomUUID();
    long started = System.currentTimeMillis();
    DriftReport report =
        SANDBOX
            .client
            .newWorkflowStub(
                DetectDriftWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(SANDBOX.taskQueue)
                    .setWorkflowId(lastRun)
                    .setWorkflowExecutionTimeout(Duration.ofMinutes(8))
                    .build())
            .detect(new DetectDriftInput(List.of(instances), reconcile));
    System.out.printf(
        "detect-drift %s%s: %s, %d items in %d ms%n",
        String.join(",", instances),
        reconcile ? " --reconcile" : "",
        report.verdict(),
        report.items().size(),
        System.currentTimeMillis() - started);
    return report;
  }

  /** The alerts the last run handed to the alert groups: the Enqueue activities it scheduled. */
  static long alertsOfLastRun() {
    return SANDBOX.client.fetchHistory(lastRun).getEvents().stream()
        .filter(e -> e.hasActivityTaskScheduledEventAttributes())
        .filter(
            e ->
                e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .equals("Enqueue"))
        .count();
  }

  static FederationRegistry registry() {
    return SANDBOX.sandbox().registry;
  }

  static Keycloak admin(String key) {
    return SANDBOX.sandbox().admin(key);
  }

  /** The realm's federation put back as the registry generates it. */
  static void federate(String key) {
    new InstanceStack(SANDBOX.sandbox().docker, SECRETS, System.out::println)
        .federate(registry(), key);
  }

  static String realm() {
    return registry().defaults().realm();
  }

  /** The container recreated by hand from the release's spec, changed. */
  static void replaceByHand(String key, String service, UnaryOperator<ContainerSpec> change) {
    ServiceContainers containers = SANDBOX.sandbox().containers();
    Instance instance = containers.instance(key);
    DockerEngine docker = containers.docker(instance);
    ContainerSpec spec = change.apply(containers.spec(key, instance, service, "1.0.0"));
    docker.stop(spec.name(), Duration.ofSeconds(5));
    docker.remove(spec.name());
    docker.create(spec);
    docker.start(spec.name());
    docker.waitHealthy(spec.name(), Duration.ofMinutes(2));
  }

  static DriftItem only(DriftReport report) {
    assertThat(report.items()).as(report.items().toString()).hasSize(1);
    return report.items().get(0);
  }

  @Test
  @Order(1)
  void theSandboxAsBuiltIsInSync() {
    DriftReport report = detect();

    assertThat(report.items()).as(report.items().toString()).isEmpty();
    assertThat(report.verdict()).isEqualTo(DriftVerdict.IN_SYNC);
    assertThat(report.instances()).containsExactly("fra", "gbr", "usa");
  }

  @Test
  @Order(2)
  void anImageAndAnEnvironmentValueChangedByHandAreNamedNeverTheValue() {
    replaceByHand(
        "fra",
        "backend",
        spec -> spec.withImage("dive-ops/app:1.1.0").withEnv("DIVE_TOKEN_AUDIENCE", "by-hand"));
    int found;
    try {
      DriftReport report = detect("fra");

      assertThat(report.verdict()).isEqualTo(DriftVerdict.DRIFT);
      assertThat(report.items())
          .extracting(DriftItem::resource, DriftItem::path, DriftItem::category)
          .contains(
              org.assertj.core.groups.Tuple.tuple(
                  "container dive-v3-backend-fra", "image", DriftCategory.CHANGED),
              org.assertj.core.groups.Tuple.tuple(
                  "container dive-v3-backend-fra",
                  "env.DIVE_TOKEN_AUDIENCE",
                  DriftCategory.CHANGED));
      DriftItem image =
          report.items().stream().filter(i -> i.path().equals("image")).findFirst().orElseThrow();
      assertThat(image.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(image.desired()).contains("dive-ops/app:1.0.0");
      assertThat(image.actual()).contains("dive-ops/app:1.1.0");
      assertThat(image.source()).contains("1.0.0.json");
      DriftItem env =
          report.items().stream()
              .filter(i -> i.path().equals("env.DIVE_TOKEN_AUDIENCE"))
              .findFirst()
              .orElseThrow();
      assertThat(env.actual()).doesNotContain("by-hand");
      assertThat(env.desired()).doesNotContain(registry().defaults().clientId());
      found = report.items().size();
      assertThat(alertsOfLastRun()).as("one FIRING per item").isEqualTo(found);

      DriftReport reconciled = reconcile("fra");
      assertThat(reconciled.reconciled())
          .anySatisfy(
              step -> {
                assertThat(step.action()).isEqualTo("DeployInstance 1.0.0");
                assertThat(step.outcome()).isEqualTo("DONE: DEPLOYED");
              });
      assertThat(reconciled.verdict())
          .as(reconciled.items().toString())
          .isEqualTo(DriftVerdict.IN_SYNC);
      assertThat(SANDBOX.sandbox().version("fra", "backend")).isEqualTo("1.0.0");
      assertThat(alertsOfLastRun()).as("one RESOLVED per item").isEqualTo(found);
    } finally {
      if (detect("fra").verdict() != DriftVerdict.IN_SYNC) {
        replaceByHand("fra", "backend", spec -> spec);
      }
    }
  }

  @Test
  @Order(3)
  void aRogueIdentityProviderIsCriticalAlertedOnceAndKeepsItsFirstSeen() {
    IdentityProviderRepresentation rogue = new IdentityProviderRepresentation();
    rogue.setAlias("rogue-oidc");
    rogue.setProviderId("oidc");
    rogue.setEnabled(true);
    rogue.setConfig(
        Map.of(
            "authorizationUrl", "http://127.0.0.1:1/auth",
            "tokenUrl", "http://127.0.0.1:1/token",
            "clientId", "rogue",
            "clientAuthMethod", "client_secret_post",
            "clientSecret", "rogue-secret"));
    try (Keycloak gbr = admin("gbr")) {
      gbr.realm(realm()).identityProviders().create(rogue).close();
      try {
        DriftItem first = only(detect("gbr"));
        assertThat(first.resource()).contains("rogue-oidc");
        assertThat(first.category()).isEqualTo(DriftCategory.EXTRA);
        assertThat(first.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alertsOfLastRun()).isEqualTo(1);

        DriftItem again = only(detect("gbr"));
        assertThat(again.firstSeen()).isEqualTo(first.firstSeen());
        assertThat(again.lastSeen()).isNotEqualTo(first.lastSeen());
        assertThat(alertsOfLastRun()).as("no alert while it persists").isZero();

        DriftReport reconciled = reconcile("gbr");
        assertThat(reconciled.reconciled())
            .singleElement()
            .satisfies(
                step -> {
                  assertThat(step.action()).isEqualTo("realm re-applied");
                  assertThat(step.details())
                      .containsExactly(
                          "identity provider rogue-oidc: removed (not in the registry)");
                });
        assertThat(reconciled.verdict()).isEqualTo(DriftVerdict.IN_SYNC);
        assertThat(alertsOfLastRun()).as("RESOLVED").isEqualTo(1);
        assertThat(gbr.realm(realm()).identityProviders().findAll())
            .noneMatch(p -> p.getAlias().equals("rogue-oidc"));
      } finally {
        gbr.realm(realm()).identityProviders().findAll().stream()
            .filter(p -> p.getAlias().equals("rogue-oidc"))
            .forEach(p -> gbr.realm(realm()).identityProviders().get("rogue-oidc").remove());
      }
    }
    assertThat(detect("gbr").verdict()).isEqualTo(DriftVerdict.IN_SYNC);
    assertThat(alertsOfLastRun()).as("a second clean run is silent").isZero();
  }

  @Test
  @Order(4)
  void signatureValidationTurnedOffIsCritical() {
    try (Keycloak usa = admin("usa")) {
      var provider = usa.realm(realm()).identityProviders().get(PartnerIdp.alias("fra"));
      IdentityProviderRepresentation idp = provider.toRepresentation();
      idp.getConfig().put("validateSignature", "false");
      provider.update(idp);
      try {
        DriftItem item = only(detect("usa"));
        assertThat(item.resource()).contains(PartnerIdp.alias("fra"));
        assertThat(item.path()).isEqualTo("config.validateSignature");
        assertThat(item.category()).isEqualTo(DriftCategory.CHANGED);
        assertThat(item.severity()).isEqualTo(Severity.CRITICAL);
      } finally {
        federate("usa");
      }
    }
    assertThat(detect("usa").verdict()).isEqualTo(DriftVerdict.IN_SYNC);
  }

  @Test
  @Order(5)
  void anOpaModuleReplacedThroughOpasApiIsCritical() throws IOException {
    Instance gbr = registry().instance("gbr").orElseThrow();
    String url = InstanceEndpoints.url(gbr, "opa", "/v1/policies/policy/authz.rego");
    String shipped = Files.readString(DeployFixture.ROOT.resolve("sandbox/opa/policy/authz.rego"));
    var http = SANDBOX.sandbox().http;
    assertThat(http.put(url, "text/plain", shipped + "\n# changed by hand\n").status())
        .isEqualTo(200);
    try {
      DriftItem item = only(detect("gbr"));
      assertThat(item.resource()).isEqualTo("opa module policy/authz.rego");
      assertThat(item.category()).isEqualTo(DriftCategory.CHANGED);
      assertThat(item.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(item.desired()).startsWith("sha256:");

      DriftReport reconciled = reconcile("gbr");
      assertThat(reconciled.reconciled())
          .singleElement()
          .satisfies(
              step ->
                  assertThat(step.details())
                      .containsExactly("opa module policy/authz.rego: shipped text put back"));
      assertThat(reconciled.verdict()).isEqualTo(DriftVerdict.IN_SYNC);
    } finally {
      assertThat(http.put(url, "text/plain", shipped).status()).isEqualTo(200);
    }
  }

  @Test
  @Order(6)
  void aStoppedKeycloakIsUnknownNeverInSync() {
    DockerEngine docker = SANDBOX.sandbox().docker;
    String keycloak = SANDBOX.sandbox().container("gbr", "keycloak");
    docker.stop(keycloak, Duration.ofSeconds(10));
    try {
      DriftReport report = detect("gbr");

      assertThat(report.verdict()).as(report.items().toString()).isEqualTo(DriftVerdict.UNKNOWN);
      assertThat(report.items())
          .allSatisfy(i -> assertThat(i.category()).isEqualTo(DriftCategory.UNKNOWN))
          .extracting(DriftItem::resource)
          .contains("realm " + realm(), "container " + keycloak);
      assertThat(alertsOfLastRun()).as("unknown is never alerted").isZero();
    } finally {
      docker.start(keycloak);
      docker.waitHealthy(keycloak, Duration.ofMinutes(5));
    }
    assertThat(detect("gbr").verdict()).isEqualTo(DriftVerdict.IN_SYNC);
    assertThat(alertsOfLastRun()).as("read again is not a resolved difference").isZero();
  }

  @AfterAll
  static void federationIsWhole() {
    // Whatever a failed test left changed, the next test class finds the federation as built.
    for (String key : List.of("usa", "fra", "gbr")) {
      federate(key);
    }
  }
}
