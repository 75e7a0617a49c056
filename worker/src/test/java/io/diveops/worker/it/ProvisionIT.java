package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.stack.InstanceStack;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.decommission.DecommissionOutcome;
import io.diveops.api.decommission.DecommissionPartnerInput;
import io.diveops.api.decommission.DecommissionPartnerWorkflow;
import io.diveops.api.decommission.DecommissionResult;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.provision.ProvisionOutcome;
import io.diveops.api.provision.ProvisionPartnerInput;
import io.diveops.api.provision.ProvisionPartnerWorkflow;
import io.diveops.api.provision.ProvisionResult;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ProvisionPartner on the sandbox: a fourth nation, from DIVE's own DEU entry (the real registry in
 * shared/) moved onto loopback with ports of its own, joins USA, FRA and GBR. Every pair both ways
 * must pass a real brokered login, DEU must pass VerifyInstance, its HealthWatch must run and its
 * first backup exist, and a second run is {@code NO_CHANGE}. The worker works on a copy of the
 * registry; at the end DEU is taken out again by hand (stack, volumes, secrets, schedules, the
 * pairs at the three), so the classes after this one find the sandbox as built.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisionIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path SHARED_REGISTRY =
      DeployFixture.ROOT.resolve("../shared/dive-v3/federation-registry.json").normalize();
  static final Map<String, Integer> PORTS =
      Map.of(
          "frontend", 13003,
          "backend", 14003,
          "keycloak", 18083,
          "kas", 18093,
          "postgres", 15435,
          "mongodb", 17020,
          "redis", 16382,
          "opa", 18184);

  static final String QUEUE = "provision-it-" + UUID.randomUUID();
  static final WorkflowClient CLIENT = DevServer.shared().client();
  static Path work;
  static Path registry;
  static DeployFixture sandbox;
  static WorkerFactory worker;
  static ProvisionResult first;
  static byte[] registryBeforeDeu;

  @BeforeAll
  static void sandboxAndAWorkerOnACopyOfTheRegistry() throws IOException {
    work = Files.createTempDirectory("dive-ops-provision-it");
    Path config = Files.createDirectories(work.resolve("config"));
    for (String file : List.of("federation-registry.json", "federation-registry.schema.json")) {
      Files.copy(DeployFixture.ROOT.resolve("config").resolve(file), config.resolve(file));
    }
    registry = config.resolve("federation-registry.json");
    registryBeforeDeu = Files.readAllBytes(registry);
    sandbox = new DeployFixture(work);
    // A run killed before its clean-up may have left DEU's brokered accounts in the three realms.
    for (String key : List.of("usa", "fra", "gbr")) {
      try (var admin = sandbox.admin(key)) {
        var users = admin.realm(sandbox.registry.defaults().realm()).users();
        users
            .search("testuser-deu-", null, null, null, 0, 100)
            .forEach(u -> users.delete(u.getId()).close());
      }
    }
    worker = startWorker();
  }

  static WorkerFactory startWorker() {
    return sandbox.inProcessWorker(
        CLIENT,
        QUEUE,
        work,
        // Schedules stay off: applying them would point the shared dev server's schedules of
        // every instance at this test's queue. ApplySchedules still runs (and says so).
        Map.of("DIVE_OPS_REGISTRY", registry.toString()));
  }

  /** DIVE's DEU, on this machine: loopback, plain HTTP as the sandbox images serve, ports +3. */
  static Map<String, Object> deu() throws IOException {
    ObjectNode deu = (ObjectNode) JSON.readTree(SHARED_REGISTRY.toFile()).at("/instances/deu");
    deu.put("type", "local");
    ObjectNode deployment = deu.with("deployment");
    deployment.put("host", "localhost");
    deployment.put("domain", "dive.sandbox");
    deployment.put("projectName", "dive-deu");
    deployment.remove(List.of("sshUser", "sshKeyPath", "remotePath"));
    PORTS.forEach(
        (service, port) -> {
          ObjectNode endpoint = deu.with("services").with(service);
          endpoint.put("externalPort", port);
          if (endpoint.has("protocol")) {
            endpoint.put("protocol", "http");
          }
          if (endpoint.has("hostname")) {
            endpoint.put("hostname", "deu-" + service + ".dive.sandbox");
          }
        });
    deu.with("services").with("keycloak").put("internalPort", 8080).put("managementPort", 19003);
    deu.with("cloudflare").put("metricsPort", 19129);
    return JSON.convertValue(deu, new TypeReference<Map<String, Object>>() {});
  }

  static ProvisionResult provision() throws IOException {
    return provision(deu(), false);
  }

  static ProvisionResult provision(Map<String, Object> partner, boolean dryRun) {
    long started = System.currentTimeMillis();
    ProvisionResult result =
        CLIENT
            .newWorkflowStub(
                ProvisionPartnerWorkflow.class, options("provision-deu-it-" + UUID.randomUUID()))
            .provision(new ProvisionPartnerInput(partner, "deu", null, dryRun));
    System.out.printf(
        "provision deu: %s in %d ms, steps %s%n",
        result.outcome(), System.currentTimeMillis() - started, result.stepMs());
    return result;
  }

  @Test
  @Order(0)
  void aDryRunAndRefusedPartnersChangeNothing() throws IOException {
    List<String> before = footprint();

    ProvisionResult planned = provision(deu(), true);
    assertThat(planned.outcome())
        .as(String.valueOf(planned.errors()))
        .isEqualTo(ProvisionOutcome.PLANNED);
    assertThat(planned.plan().changes()).anyMatch(c -> c.name().equals("dive-v3-keycloak-deu"));

    Map<String, Object> collides = deu();
    service(collides, "opa").put("externalPort", 18182); // FRA's OPA
    Map<String, Object> existingCode = deu();
    existingCode.put("code", "FRA");
    Map<String, Object> unfit = deu();
    unfit.put("enabled", "yes");
    for (var refused :
        Map.of(
                "port-collision", collides,
                "partner-code-exists", existingCode,
                "schema", unfit)
            .entrySet()) {
      ProvisionResult result = provision(refused.getValue(), false);
      assertThat(result.outcome()).as(refused.getKey()).isEqualTo(ProvisionOutcome.REJECTED);
      assertThat(result.errors())
          .as(refused.getKey() + ": " + result.errors())
          .anyMatch(
              e -> e.rule().startsWith(refused.getKey()) || e.rule().contains(refused.getKey()));
    }

    assertThat(footprint())
        .as("containers, volumes, networks, secrets, IdPs, registry")
        .isEqualTo(before);
    assertThat(Files.readAllBytes(registry)).isEqualTo(registryBeforeDeu);
  }

  @Test
  @Order(1)
  void aFourthNationIsProvisionedFederatedBothWaysVerifiedAndOperated() throws Exception {
    long started = System.currentTimeMillis();
    WorkflowStub run =
        CLIENT.newUntypedWorkflowStub(
            "ProvisionPartner", options("provision-deu-it-" + UUID.randomUUID()));
    run.start(new ProvisionPartnerInput(deu(), "deu", null, false));
    // The worker is lost while DEU's stack comes up (its threads stopped, nothing reported): the
    // step's heartbeat lapses and the next worker's attempt finds what the first made.
    Poll.until(
        "DEU's first container",
        Duration.ofMinutes(3),
        () -> !sandbox.docker.findByLabels(Map.of(StackLayout.LABEL_INSTANCE, "deu")).isEmpty());
    worker.shutdownNow();
    worker = startWorker();
    first = run.getResult(20, TimeUnit.MINUTES, ProvisionResult.class);
    System.out.printf(
        "provision deu with its worker lost mid-stack: %s in %d ms, steps %s%n",
        first.outcome(), System.currentTimeMillis() - started, first.stepMs());
    List<Integer> stackAttempts =
        CLIENT.fetchHistory(run.getExecution().getWorkflowId()).getEvents().stream()
            .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
            .map(e -> e.getActivityTaskStartedEventAttributes())
            .filter(a -> stackStarted(run, a.getScheduledEventId()))
            .map(a -> a.getAttempt())
            .toList();
    System.out.println("StartPartnerStack attempts: " + stackAttempts);
    assertThat(stackAttempts)
        .as("the stack step taken over by another attempt")
        .anyMatch(a -> a >= 2);

    assertThat(first.outcome())
        .as(
            first.failure()
                + " "
                + first.compensation()
                + " "
                + first.errors()
                + "\n"
                + first.verification()
                + "\n"
                + (first.federation() == null
                    ? ""
                    : first.federation().pairs().stream()
                        .filter(p -> p.verdict() != Verdict.PASS)
                        .map(
                            p ->
                                p.home()
                                    + "<-"
                                    + p.partner()
                                    + " "
                                    + p.failedStep()
                                    + " "
                                    + p.evidence())
                        .toList()))
        .isEqualTo(ProvisionOutcome.PROVISIONED);
    assertThat(first.verification().outcome()).isEqualTo(Verdict.PASS);
    assertThat(first.federation().verdict()).isEqualTo(Verdict.PASS);
    assertThat(first.federation().pairs())
        .as("every ordered pair of deu, fra, gbr, usa")
        .hasSize(12)
        .allSatisfy(p -> assertThat(p.verdict()).as(p.toString()).isEqualTo(Verdict.PASS));
    first.federation().pairs().stream()
        .filter(p -> p.home().equals("deu") || p.partner().equals("deu"))
        .forEach(
            p ->
                System.out.printf(
                    "  %s<-%s %s %d ms%n", p.home(), p.partner(), p.verdict(), p.latencyMs()));

    JsonNode written = JSON.readTree(registry.toFile());
    assertThat(written.at("/instances/deu/code").asText()).isEqualTo("DEU");
    assertThat(written.at("/federation/matrix/usa").toString()).contains("\"deu\"");
    assertThat(written.at("/federation/matrix/deu").toString())
        .contains("\"usa\"", "\"fra\"", "\"gbr\"");
    assertThat(first.changes())
        .contains("operate: schedules none: dive-ops.backups.schedules is false");
    assertThat(
            CLIENT
                .newUntypedWorkflowStub(HealthWatchInput.workflowId("deu"))
                .describe()
                .getStatus()
                .name())
        .isEqualTo("WORKFLOW_EXECUTION_STATUS_RUNNING");
    assertThat(first.changes()).anyMatch(c -> c.startsWith("operate: first backup"));
    assertThat(first.warnings()).as("operation complete").isEmpty();
  }

  @Test
  @Order(2)
  void aSecondRunFindsItProvisionedAsAskedAndChangesNothing() throws IOException {
    assertThat(first).as("the first run").isNotNull();
    assertThat(first.outcome()).as("the first run").isEqualTo(ProvisionOutcome.PROVISIONED);
    byte[] before = Files.readAllBytes(registry);
    ProvisionResult again = provision();

    assertThat(again.outcome())
        .as(String.valueOf(again.errors()))
        .isEqualTo(ProvisionOutcome.NO_CHANGE);
    assertThat(Files.readAllBytes(registry)).isEqualTo(before);
  }

  @Test
  @Order(3)
  void decommissionedWithPurgeOnlyTheFinalBackupRemainsAndTheOthersStillFederate()
      throws IOException {
    assertThat(first).as("the first run").isNotNull();
    long started = System.currentTimeMillis();
    DecommissionResult result =
        CLIENT
            .newWorkflowStub(
                DecommissionPartnerWorkflow.class,
                options("decommission-deu-it-" + UUID.randomUUID()))
            .decommission(new DecommissionPartnerInput("deu", true, false));
    System.out.printf(
        "decommission deu: %s in %d ms, steps %s%n",
        result.outcome(), System.currentTimeMillis() - started, result.stepMs());

    assertThat(result.outcome())
        .as(result.failure() + " " + result.errors() + " " + result.changes())
        .isEqualTo(DecommissionOutcome.DECOMMISSIONED);
    assertThat(leftovers()).as("anything of DEU").isEmpty();
    assertThat(Files.readAllBytes(registry))
        .as("the registry's bytes as before DEU joined")
        .isEqualTo(registryBeforeDeu);
    assertThat(sandbox.instances.resolve("deu")).doesNotExist();
    assertThat(result.finalBackup()).isNotNull();
    assertThat(sandbox.backups.root().resolve("deu").resolve(result.finalBackup())).exists();
    assertThat(
            CLIENT
                .newUntypedWorkflowStub(HealthWatchInput.workflowId("deu"))
                .describe()
                .getStatus()
                .name())
        .isNotEqualTo("WORKFLOW_EXECUTION_STATUS_RUNNING");
    assertThat(result.remaining())
        .extracting(VerificationReport::instance)
        .containsExactly("usa", "fra", "gbr");
    assertThat(result.remaining()).allMatch(VerificationReport::passed);
    assertThat(result.federation().verdict()).isEqualTo(Verdict.PASS);
    assertThat(result.federation().pairs()).hasSize(6);
  }

  @Test
  @Order(4)
  void aRunCancelledWhileItsStackComesUpLeavesNothingBehind() throws Exception {
    WorkflowStub run =
        CLIENT.newUntypedWorkflowStub(
            "ProvisionPartner", options("provision-deu-cancelled-it-" + UUID.randomUUID()));
    run.start(new ProvisionPartnerInput(deu(), "deu", null, false));
    Poll.until(
        "DEU's first container",
        Duration.ofMinutes(3),
        () -> !sandbox.docker.findByLabels(Map.of(StackLayout.LABEL_INSTANCE, "deu")).isEmpty());
    long cancelled = System.currentTimeMillis();
    run.cancel();
    // A cancelled run compensates (detached) and then ends CANCELED: its history holds each step.
    assertThatThrownBy(() -> run.getResult(10, TimeUnit.MINUTES, ProvisionResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    System.out.printf(
        "cancelled provisioning: ended %d ms after the cancel%n",
        System.currentTimeMillis() - cancelled);
    List<String> undone =
        CLIENT.fetchHistory(run.getExecution().getWorkflowId()).getEvents().stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
            .toList();
    assertThat(undone)
        .containsSubsequence(
            "StartPartnerStack", "RestoreRegistry", "RemovePartnerStack", "DestroySecrets");
    assertThat(leftovers()).as("anything of DEU").isEmpty();
    assertThat(Files.readAllBytes(registry)).isEqualTo(registryBeforeDeu);
  }

  @Test
  @Order(5)
  void aTrustedKeycloakStoppedDuringFederationIsRolledBackOnceAnOperatorRetries() throws Exception {
    String runId = "provision-deu-keycloak-it-" + UUID.randomUUID();
    WorkflowStub run = CLIENT.newUntypedWorkflowStub("ProvisionPartner", options(runId));
    run.start(new ProvisionPartnerInput(deu(), "deu", null, false));
    Poll.until(
        "the federation step",
        Duration.ofMinutes(8),
        () ->
            run.describe().getRawDescription().getPendingActivitiesList().stream()
                .anyMatch(a -> a.getActivityType().getName().equals("FederateInstance")));
    docker("stop", "dive-v3-keycloak-gbr");
    ProvisionPartnerWorkflow typed = CLIENT.newWorkflowStub(ProvisionPartnerWorkflow.class, runId);
    try {
      // Compensation cannot remove the pair at GBR while its Keycloak is down: the run pages and
      // waits, holding the locks.
      Poll.until(
          "the run waiting for an operator",
          Duration.ofMinutes(8),
          () -> typed.progress().startsWith("ROLLBACK_FAILED: waiting"));
    } finally {
      docker("start", "dive-v3-keycloak-gbr");
    }
    sandbox.docker.waitHealthy("dive-v3-keycloak-gbr", Duration.ofMinutes(5));
    assertThat(typed.answer("retry")).isEqualTo("answered retry");
    ProvisionResult result = run.getResult(15, TimeUnit.MINUTES, ProvisionResult.class);
    System.out.printf(
        "GBR's Keycloak stopped: %s at %s, compensation %s%n",
        result.outcome(), result.failure(), result.compensation());

    assertThat(result.outcome())
        .as(result.compensation().toString())
        .isEqualTo(ProvisionOutcome.ROLLED_BACK);
    assertThat(result.compensation()).contains("an operator answered retry");
    assertThat(leftovers()).as("anything of DEU").isEmpty();
    assertThat(Files.readAllBytes(registry)).isEqualTo(registryBeforeDeu);
  }

  /** Whether the activity scheduled at {@code eventId} of the run is the stack step. */
  static boolean stackStarted(WorkflowStub run, long eventId) {
    return CLIENT.fetchHistory(run.getExecution().getWorkflowId()).getEvents().stream()
        .anyMatch(
            e ->
                e.getEventId() == eventId
                    && e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("StartPartnerStack"));
  }

  /** A run on this test's worker, bounded so a stuck one fails the test rather than hangs it. */
  static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(QUEUE)
        .setWorkflowId(workflowId)
        .setWorkflowExecutionTimeout(Duration.ofMinutes(25))
        .build();
  }

  /** Whatever DEU has anywhere: each item says what and where; empty when none is left. */
  static List<String> leftovers() throws IOException {
    List<String> found = new ArrayList<>();
    sandbox
        .docker
        .findByLabels(Map.of(StackLayout.LABEL_INSTANCE, "deu"))
        .forEach(c -> found.add("container " + c.name()));
    docker("volume", "ls", "-q", "--filter", "name=dive-deu")
        .forEach(v -> found.add("volume " + v));
    docker("network", "ls", "-q", "--filter", "name=dive-deu")
        .forEach(n -> found.add("network " + n));
    try (Stream<Path> files = Files.list(DeployFixture.SECRETS)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.contains("-deu"))
          .forEach(n -> found.add("secret " + n));
    }
    for (String key : List.of("usa", "fra", "gbr")) {
      try (var admin = sandbox.admin(key)) {
        var realm = admin.realm(sandbox.registry.defaults().realm());
        realm.identityProviders().findAll().stream()
            .filter(idp -> idp.getAlias().contains("deu"))
            .forEach(idp -> found.add(key + " idp " + idp.getAlias()));
        realm.clients().findAll().stream()
            .filter(c -> c.getClientId().contains("deu"))
            .forEach(c -> found.add(key + " client " + c.getClientId()));
        realm
            .users()
            .search("testuser-deu-", null, null, null, 0, 100)
            .forEach(u -> found.add(key + " user " + u.getUsername()));
      }
    }
    JsonNode written = JSON.readTree(registry.toFile());
    if (written.path("instances").has("deu")
        || written.path("federation").toString().contains("\"deu\"")) {
      found.add("registry line of deu");
    }
    return found;
  }

  private static List<String> docker(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertThat(process.waitFor()).as(command + ": " + out).isZero();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  /** What a refused or planned run must leave as it was, DEU's or not. */
  static List<String> footprint() throws IOException {
    List<String> all = new ArrayList<>();
    sandbox
        .docker
        .findByLabels(Map.of(StackLayout.LABEL_MANAGED, "true"))
        .forEach(c -> all.add("container " + c.name() + " " + c.status()));
    docker("volume", "ls", "-q").forEach(v -> all.add("volume " + v));
    docker("network", "ls", "--format", "{{.Name}}").forEach(n -> all.add("network " + n));
    try (Stream<Path> files = Files.list(DeployFixture.SECRETS)) {
      files.map(f -> "secret " + f.getFileName()).forEach(all::add);
    }
    for (String key : List.of("usa", "fra", "gbr")) {
      try (var admin = sandbox.admin(key)) {
        admin
            .realm(sandbox.registry.defaults().realm())
            .identityProviders()
            .findAll()
            .forEach(idp -> all.add(key + " idp " + idp.getAlias()));
      }
    }
    all.sort(null);
    return all;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(Map<String, Object> partner, String name) {
    return (Map<String, Object>) ((Map<String, Object>) partner.get("services")).get(name);
  }

  @AfterAll
  static void deuTakenOutAgain() throws IOException {
    try {
      CLIENT.newUntypedWorkflowStub(HealthWatchInput.workflowId("deu")).terminate("test over");
    } catch (RuntimeException e) {
      // not started
    }
    worker.shutdownNow();
    FileSecretStore secrets = new FileSecretStore(DeployFixture.SECRETS);
    FederationRegistry withDeu = new RegistryReader().read(registry).model().orElseThrow();
    Instance deu = withDeu.instance("deu").orElse(null);
    if (deu != null) {
      new InstanceStack(sandbox.docker, secrets, System.out::println).down(deu, true);
    }
    // The three realms without DEU's pairs, their resources no longer releasable to DEU: the
    // repository's registry, as sandbox up applies it.
    InstanceStack stack = new InstanceStack(sandbox.docker, secrets, System.out::println);
    for (String key : List.of("usa", "fra", "gbr")) {
      stack.federate(sandbox.registry, key);
      stack.seedResources(sandbox.registry, key);
    }
    List<String> deuSecrets = new ArrayList<>();
    try (Stream<Path> files = Files.list(DeployFixture.SECRETS)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith("-deu") || n.contains("-deu-"))
          .forEach(deuSecrets::add);
    }
    deuSecrets.forEach(secrets::destroy);
    assertThat(sandbox.docker.findByLabels(Map.of(StackLayout.LABEL_INSTANCE, "deu")))
        .extracting(ContainerState::name)
        .isEmpty();
    sandbox.docker.close();
    try (Stream<Path> files = Files.walk(work)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
