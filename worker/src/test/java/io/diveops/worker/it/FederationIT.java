package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.keycloak.FederationSetup;
import io.diveops.activities.keycloak.PartnerIdp;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.stack.InstanceStack;
import io.diveops.api.federation.FederationPair;
import io.diveops.api.federation.FederationReport;
import io.diveops.api.federation.FederationStep;
import io.diveops.api.federation.PairResult;
import io.diveops.api.federation.VerifyFederationInput;
import io.diveops.api.federation.VerifyFederationWorkflow;
import io.diveops.api.verify.Verdict;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * VerifyFederation (T09) on the sandbox: real brokered logins between USA, FRA and GBR, then the
 * faults the issue names, each repaired before the next: a partner's Keycloak stopped, a pair's
 * client secret wrong at home, a partner user claiming another nation. Last, every history event of
 * the runs made here is searched for every secret value in the store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {
  @RegisterExtension static final SandboxWorker SANDBOX = new SandboxWorker("federation-it");

  static final FileSecretStore SECRETS = new FileSecretStore(DeployFixture.SECRETS);
  static final List<String> RUNS = new ArrayList<>();

  static FederationRegistry registry() {
    return SANDBOX.sandbox().registry;
  }

  static FederationReport verify(VerifyFederationInput input) {
    String id = "verify-federation-it-" + UUID.randomUUID();
    RUNS.add(id);
    return SANDBOX
        .client
        .newWorkflowStub(
            VerifyFederationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(SANDBOX.taskQueue)
                .setWorkflowId(id)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(3))
                .build())
        .verify(input);
  }

  static PairResult pair(FederationReport report, String home, String partner) {
    return report.pairs().stream()
        .filter(p -> p.home().equals(home) && p.partner().equals(partner))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pair " + home + "<-" + partner + ": " + report));
  }

  static Keycloak admin(String key) {
    return SANDBOX.sandbox().admin(key);
  }

  static InstanceStack stack() {
    return new InstanceStack(SANDBOX.sandbox().docker, SECRETS, System.out::println);
  }

  @Test
  @Order(1)
  void everyPairLogsInThroughItsPartnerAndReachesWhatIsReleasedToIt() {
    FederationReport report = verify(VerifyFederationInput.all());

    assertThat(report.pairs()).hasSize(6);
    assertThat(report.pairs())
        .allSatisfy(p -> assertThat(p.verdict()).as(p.toString()).isEqualTo(Verdict.PASS));
    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    PairResult usaFromFra = pair(report, "usa", "fra");
    assertThat(usaFromFra.evidence())
        .contains(
            "countryOfAffiliation=FRA",
            "clearance=SECRET",
            "usa-doc-2 allowed",
            "usa-doc-3 denied");
    assertThat(usaFromFra.steps())
        .extracting(s -> s.step())
        .containsExactly(FederationStep.values());
  }

  @Test
  @Order(2)
  void applyingTheFederationAgainChangesNothingAndDuplicatesNoMapper() {
    for (String key : List.of("usa", "fra", "gbr")) {
      assertThat(stack().federate(registry(), key)).as(key).isEmpty();
    }
    try (Keycloak usa = admin("usa")) {
      var mappers =
          usa.realm(registry().defaults().realm())
              .identityProviders()
              .get(PartnerIdp.alias("fra"))
              .getMappers();
      assertThat(mappers).extracting(m -> m.getName()).doesNotHaveDuplicates().hasSize(5);
    }
  }

  @Test
  @Order(3)
  void aWrongClientSecretAtHomeFailsAtTheBackChannelWithKeycloaksError() {
    String realm = registry().defaults().realm();
    try (Keycloak usa = admin("usa")) {
      new FederationSetup()
          .setIdentityProviderSecret(usa, realm, PartnerIdp.alias("fra"), "not-the-secret");
    }
    try {
      FederationReport report =
          verify(new VerifyFederationInput(List.of(), new FederationPair("usa", "fra")));
      PairResult usaFromFra = pair(report, "usa", "fra");
      assertThat(usaFromFra.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(usaFromFra.failedStep()).isEqualTo(FederationStep.BACK_CHANNEL_TOKEN);
      assertThat(usaFromFra.evidence()).contains("invalid_client_credentials");
      assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    } finally {
      stack().federate(registry(), "usa");
    }
    assertThat(
            verify(new VerifyFederationInput(List.of(), new FederationPair("usa", "fra")))
                .verdict())
        .isEqualTo(Verdict.PASS);
  }

  @Test
  @Order(4)
  void aPartnerUserWhoClaimsAnotherNationArrivesAsThePartners() {
    String realm = registry().defaults().realm();
    try (Keycloak fra = admin("fra")) {
      var users = fra.realm(realm).users();
      UserRepresentation user = users.searchByUsername("testuser-fra-3", true).get(0);
      user.getAttributes().put("countryOfAffiliation", List.of("USA"));
      users.get(user.getId()).update(user);
      try {
        FederationReport report =
            verify(new VerifyFederationInput(List.of(), new FederationPair("gbr", "fra")));
        PairResult gbrFromFra = pair(report, "gbr", "fra");
        assertThat(gbrFromFra.verdict()).as(gbrFromFra.evidence()).isEqualTo(Verdict.PASS);
        assertThat(gbrFromFra.evidence()).contains("countryOfAffiliation=FRA");
      } finally {
        user.getAttributes().put("countryOfAffiliation", List.of("FRA"));
        users.get(user.getId()).update(user);
      }
    }
  }

  @Test
  @Order(5)
  void aStoppedPartnerFailsItsPairsAtTheNamedStepAndTheOthersPass() {
    DockerEngine docker = SANDBOX.sandbox().docker;
    String gbrKeycloak =
        registry().instance("gbr").orElseThrow().services().get("keycloak").containerName();
    docker.stop(gbrKeycloak, Duration.ofSeconds(10));
    long started = System.currentTimeMillis();
    try {
      FederationReport report = verify(VerifyFederationInput.all());
      long took = System.currentTimeMillis() - started;

      assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(pair(report, "usa", "gbr").failedStep())
          .isEqualTo(FederationStep.PARTNER_LOGIN_PAGE);
      assertThat(pair(report, "fra", "gbr").failedStep())
          .isEqualTo(FederationStep.PARTNER_LOGIN_PAGE);
      assertThat(pair(report, "gbr", "usa").failedStep()).isEqualTo(FederationStep.HOME_REDIRECT);
      assertThat(pair(report, "usa", "fra").verdict()).isEqualTo(Verdict.PASS);
      assertThat(pair(report, "fra", "usa").verdict()).isEqualTo(Verdict.PASS);
      assertThat(took).as("bounded").isLessThan(60_000);
    } finally {
      docker.start(gbrKeycloak);
      docker.waitHealthy(gbrKeycloak, Duration.ofMinutes(5));
    }
  }

  @Test
  @Order(6)
  void noSecretValueAppearsInAnyHistoryEvent() throws IOException {
    List<String> values = new ArrayList<>();
    try (Stream<Path> files = Files.list(DeployFixture.SECRETS)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String value = Files.readString(file).strip();
        if (value.length() >= 8) {
          values.add(value);
        }
      }
    }
    assertThat(values).isNotEmpty();
    assertThat(RUNS).isNotEmpty();
    for (String run : RUNS) {
      String history = SANDBOX.client.fetchHistory(run).toJson(false);
      for (String value : values) {
        assertThat(history).as(run).doesNotContain(value);
      }
    }
  }

  @AfterAll
  static void federationIsWhole() {
    // Whatever a failed test left changed, the next test class finds the federation as built.
    for (String key : List.of("usa", "fra", "gbr")) {
      stack().federate(registry(), key);
    }
  }
}
