package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.docker.DockerHost;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.StackLayout;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.activities.verify.KeycloakProbe;
import io.diveops.activities.verify.VerifyActivitiesImpl;
import io.diveops.api.verify.CheckResult;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.diveops.api.verify.VerifyInstanceInput;
import io.diveops.api.verify.VerifyInstanceWorkflow;
import io.diveops.worker.RunbookCatalog;
import io.diveops.worker.cli.SandboxCommand;
import io.diveops.workflows.ActivityPolicies;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VerifyInstance on the real sandbox (USA, FRA, GBR on Docker): all pass, then one fault at a time
 * makes exactly the right check fail by name; each fault is undone afterwards.
 */
class VerifyInstanceIT {
  static final Path ROOT =
      Path.of(System.getProperty("dive.root", "..")).toAbsolutePath().normalize();
  static final String TASK_QUEUE = "verify-it-" + UUID.randomUUID();
  static final Path SECRETS = DeployFixture.SECRETS;

  static WorkerFactory factory;
  static WorkflowClient client;
  static DockerEngine docker;
  static FederationRegistry registry;
  static FileSecretStore secrets = new FileSecretStore(SECRETS);
  static HttpProbe http = new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5));

  @BeforeAll
  static void sandboxAndWorker() {
    // Idempotent: seconds when `./dive-ops test` already brought the sandbox up.
    SandboxCommand sandbox = DeployFixture.sandbox(DeployFixture.MACHINE_INSTANCES);
    assertThat(sandbox.run("up")).as("sandbox up").isZero();
    registry =
        new RegistryReader()
            .read(ROOT.resolve("config/federation-registry.json"))
            .model()
            .orElseThrow();
    docker = DockerEngine.connect(DockerHost.local());

    client = DevServer.shared().client();
    factory = WorkerFactory.newInstance(client);
    var worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        ActivityPolicies.options(), RunbookCatalog.RUNBOOKS.toArray(Class<?>[]::new));
    worker.registerActivitiesImplementations(
        new VerifyActivitiesImpl(
            new EnabledInstances(ROOT.resolve("config/federation-registry.json")),
            secrets,
            ROOT.resolve("sandbox/opa/fixtures.json"),
            new DockerEngines(ROOT.resolve(".state/docker-certs")),
            http));
    factory.start();
  }

  @AfterAll
  static void stop() {
    factory.shutdownNow();
    docker.close();
  }

  @Test
  void everyInstancePasses() {
    var runs =
        List.of("usa", "fra", "gbr").stream()
            .map(key -> CompletableFuture.supplyAsync(() -> verify(key)))
            .toList();
    for (var run : runs) {
      VerificationReport report = run.join();
      assertThat(report.failedChecks()).as(report.instance() + ": " + report.checks()).isEmpty();
      assertThat(report.outcome()).isEqualTo(Verdict.PASS);
      assertThat(report.checks()).hasSize(6);
      assertThat(report.durationMs()).isLessThan(Duration.ofMinutes(5).toMillis());
    }
  }

  @Test
  void aStoppedRedisFailsContainersAndDatastores() {
    String redis = container("fra", "redis");
    docker.stop(redis, Duration.ofSeconds(5));
    try {
      VerificationReport report = verify("fra");
      assertThat(report.outcome()).isEqualTo(Verdict.FAIL);
      assertThat(report.failedChecks()).containsExactlyInAnyOrder("containers", "datastores");
      assertThat(check(report, "datastores").evidence()).contains("redis PING failed");
      assertThat(check(report, "containers").evidence()).contains("redis: exited");
    } finally {
      docker.start(redis);
      docker.waitHealthy(redis, Duration.ofMinutes(1));
    }
    assertThat(verify("fra").outcome()).isEqualTo(Verdict.PASS);
  }

  @Test
  void anUnhealthyBackendFailsTheHttpHealthCheck() {
    Instance gbr = registry.instance("gbr").orElseThrow();
    String release =
        docker
            .inspect(container("gbr", "backend"))
            .orElseThrow()
            .labels()
            .getOrDefault(StackLayout.LABEL_RELEASE, "1.0.0");
    ContainerSpec healthy =
        new StackLayout(secrets)
            .spec("gbr", gbr, "backend", new ReleaseReader(ROOT.resolve("releases")).read(release));
    replace(healthy.withEnv("DIVE_FAULT", "unhealthy"));
    try {
      VerificationReport report =
          Poll.until(
              "GBR's backend to answer 503",
              Duration.ofSeconds(30),
              () -> {
                VerificationReport r = verify("gbr");
                return r.failedChecks().contains("http-health") ? r : null;
              });
      assertThat(report.outcome()).isEqualTo(Verdict.FAIL);
      assertThat(check(report, "http-health").evidence()).contains("backend /health 503");
      assertThat(report.failedChecks())
          .doesNotContain("oidc-token", "identity-providers", "policy-decisions", "datastores");
    } finally {
      replace(healthy);
      docker.waitHealthy(healthy.name(), Duration.ofMinutes(1));
    }
  }

  @Test
  void aDisabledIdentityProviderFailsTheIdpCheck() throws Exception {
    setIdpEnabled("usa", "gbr-federation", false);
    try {
      VerificationReport report = verify("usa");
      assertThat(report.failedChecks()).containsExactly("identity-providers");
      assertThat(check(report, "identity-providers").evidence())
          .contains("gbr-federation DISABLED")
          .contains("fra-federation enabled");
    } finally {
      setIdpEnabled("usa", "gbr-federation", true);
    }
    assertThat(verify("usa").outcome()).isEqualTo(Verdict.PASS);
  }

  @Test
  void anAllowEverythingPolicyFailsTheDecisionCheck() throws Exception {
    Instance fra = registry.instance("fra").orElseThrow();
    String policyUrl = InstanceEndpoints.url(fra, "opa", "/v1/policies/policy/authz.rego");
    String allowAll =
        "package dive.authz\n\ndefault allow := true\n\ndecision := {\"allow\": true, \"reason\": \"allow all\"}\n";
    assertThat(http.put(policyUrl, "text/plain", allowAll).status()).isEqualTo(200);
    try {
      VerificationReport report = verify("fra");
      assertThat(report.failedChecks()).containsExactly("policy-decisions");
      assertThat(check(report, "policy-decisions").evidence()).contains("expected allow=false");
    } finally {
      String original = Files.readString(ROOT.resolve("sandbox/opa/policy/authz.rego"));
      assertThat(http.put(policyUrl, "text/plain", original).status()).isEqualTo(200);
    }
    assertThat(verify("fra").outcome()).isEqualTo(Verdict.PASS);
  }

  @Test
  void anUnknownInstanceIsAClearFailure() {
    VerifyInstanceWorkflow workflow =
        client.newWorkflowStub(
            VerifyInstanceWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).build());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> workflow.verify(new VerifyInstanceInput("ita", 30)))
        .rootCause()
        .hasMessageContaining("instance 'ita' is not in the registry")
        .hasMessageContaining("usa, fra, gbr");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static VerificationReport verify(String instance) {
    return verify(client, TASK_QUEUE, instance);
  }

  /** VerifyInstance on {@code instance}, run by the worker polling {@code taskQueue}. */
  static VerificationReport verify(WorkflowClient client, String taskQueue, String instance) {
    return client
        .newWorkflowStub(
            VerifyInstanceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId("verify-" + instance + "-" + UUID.randomUUID())
                .build())
        .verify(new VerifyInstanceInput(instance, 120));
  }

  static CheckResult check(VerificationReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  static String container(String instance, String service) {
    return registry.instance(instance).orElseThrow().services().get(service).containerName();
  }

  static void replace(ContainerSpec spec) {
    docker.remove(spec.name());
    docker.create(spec);
    docker.start(spec.name());
  }

  static void setIdpEnabled(String instance, String alias, boolean enabled) throws Exception {
    Instance target = registry.instance(instance).orElseThrow();
    String base = InstanceEndpoints.url(target, "keycloak", "");
    KeycloakProbe keycloak = new KeycloakProbe(http);
    var token =
        keycloak.passwordGrant(
            base + "/realms/master/protocol/openid-connect/token",
            "admin-cli",
            null,
            "admin",
            secrets.resolve(target.secrets().get("keycloakAdmin")));
    String bearer = "Bearer " + keycloak.accessToken(token);
    String url = base + "/admin/realms/dive-v3-broker/identity-provider/instances/" + alias;
    ObjectMapper json = new ObjectMapper();
    ObjectNode idp =
        (ObjectNode) json.readTree(http.get(url, Map.of("Authorization", bearer)).body());
    idp.put("enabled", enabled);
    var request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
            .header("Authorization", bearer)
            .header("Content-Type", "application/json")
            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(idp)))
            .build();
    int status =
        java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
            .statusCode();
    assertThat(status).as("PUT " + alias + " enabled=" + enabled).isBetween(200, 204);
  }
}
