package io.diveops.activities.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.activities.registry.RealRegistry;
import io.diveops.activities.registry.SandboxRegistry;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.api.FailureType;
import io.diveops.api.provision.PartnerValidation;
import io.diveops.api.provision.PlannedChange;
import io.diveops.api.provision.ProvisionPartnerInput;
import io.diveops.api.provision.ProvisionPlan;
import io.diveops.api.registry.Finding;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validate and plan a fourth nation for the sandbox federation (USA, FRA, GBR), from an entry
 * shaped like DIVE's own DEU (read from the real registry in shared/) moved onto this machine's
 * loopback with ports of its own.
 */
public class ProvisionActivitiesImplTest {
  static final Path ROOT = Path.of(System.getProperty("dive.root", ".."));
  static final ObjectMapper JSON = new ObjectMapper();

  /** DEU's ports on the sandbox host, after USA, FRA and GBR (+0, +1, +2): +3. */
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

  @TempDir Path dir;
  Path registry;
  Path secretsDir;
  final Set<Integer> portsInUse = new HashSet<>();
  final Set<String> missingImages = new HashSet<>();
  final List<String> imageQueries = new ArrayList<>();
  ProvisionActivitiesImpl activities;

  @BeforeEach
  void sandboxWithThreeInstancesOnRelease100() throws IOException {
    registry = SandboxRegistry.copyInto(dir);
    secretsDir = Files.createDirectories(dir.resolve("secrets"));
    Path instances = dir.resolve("instances");
    ReleaseHistory history = new ReleaseHistory(instances);
    List.of("usa", "fra", "gbr").forEach(key -> history.provisioned(key, "1.0.0"));
    activities =
        activities(
            portsInUse::contains,
            (instance, image) -> {
              imageQueries.add(instance.code() + " " + image);
              return !missingImages.contains(image);
            });
  }

  /** The activities on this test's registry, releases, instances and secrets. */
  ProvisionActivitiesImpl activities(PortProbe ports, ImageProbe images) {
    return new ProvisionActivitiesImpl(
        registry,
        Optional.empty(),
        ROOT.resolve("releases"),
        dir.resolve("instances"),
        new FileSecretStore(secretsDir),
        ports,
        images,
        new io.diveops.activities.docker.DockerEngines(dir.resolve("certs")),
        () -> List.of("schedules applied"));
  }

  /** DIVE's DEU entry, on this machine, its ports after the sandbox's three. */
  public static ObjectNode deu() {
    ObjectNode deu = RealRegistry.json().with("instances").with("deu").deepCopy();
    deu.put("type", "local");
    ObjectNode deployment = deu.with("deployment");
    deployment.put("host", "localhost");
    deployment.put("projectName", "dive-deu");
    deployment.put("domain", "dive.sandbox");
    PORTS.forEach((service, port) -> deu.with("services").with(service).put("externalPort", port));
    deu.with("services").with("keycloak").put("managementPort", 19003);
    deu.with("cloudflare").put("metricsPort", 19129);
    return deu;
  }

  public static ProvisionPartnerInput input(ObjectNode partner, String key, List<String> trust) {
    return new ProvisionPartnerInput(
        JSON.convertValue(partner, new TypeReference<Map<String, Object>>() {}), key, trust, true);
  }

  static ProvisionPartnerInput input(Consumer<ObjectNode> change) {
    ObjectNode partner = deu();
    change.accept(partner);
    return input(partner, null, null);
  }

  @Test
  void commitWritesTheRegistryWithThePartnerBothWaysKeepsThePreviousAndRestoreGivesItBack()
      throws IOException {
    byte[] before = Files.readAllBytes(registry);
    ProvisionPartnerInput deu = input(deu(), null, null);
    assertThat(activities.alreadyProvisioned(deu)).isFalse();

    activities.commitPartner(deu);
    activities.commitPartner(deu); // a retried attempt changes nothing more

    var written = JSON.readTree(registry.toFile());
    assertThat(written.path("instances").has("deu")).isTrue();
    assertThat(written.at("/federation/matrix/deu").toString())
        .isEqualTo("[\"usa\",\"fra\",\"gbr\"]");
    assertThat(written.at("/federation/matrix/usa").toString()).contains("\"deu\"");
    assertThat(activities.alreadyProvisioned(deu)).as("as asked: nothing to do").isTrue();
    assertThat(activities.alreadyProvisioned(input(deu(), null, List.of("usa"))))
        .as("asked with other trust: not as asked")
        .isFalse();
    try (Stream<Path> left = Files.list(registry.getParent())) {
      assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    activities.restoreRegistry("deu");
    activities.restoreRegistry("deu"); // nothing kept any more: nothing to do
    assertThat(Files.readAllBytes(registry)).isEqualTo(before);
  }

  @Test
  void aPartnerThatNoLongerValidatesIsNotCommitted() throws IOException {
    byte[] before = Files.readAllBytes(registry);
    portsInUse.add(PORTS.get("backend"));
    assertThatThrownBy(() -> activities.commitPartner(input(deu(), null, null)))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("no longer validates")
        .hasMessageContaining("14003");
    assertThat(Files.readAllBytes(registry)).isEqualTo(before);
  }

  @Test
  void thePartnersSecretsAreCreatedBothWaysAndDestroyedByName() throws IOException {
    activities.commitPartner(input(deu(), null, null));

    List<String> names = activities.partnerSecrets("deu");

    assertThat(names)
        .contains(
            "dive-v3-federation-deu-usa",
            "dive-v3-federation-usa-deu",
            "dive-v3-federation-gbr-deu",
            "dive-v3-federation-deu-fra")
        .allMatch(n -> Files.exists(secretsDir.resolve(n)), "created in the store");
    assertThat(names).noneMatch(n -> n.contains("usa-fra") || n.contains("fra-usa"));

    activities.destroySecrets(names);
    assertThat(names).noneMatch(n -> Files.exists(secretsDir.resolve(n)));
  }

  @Test
  void aDeuShapedPartnerValidatesAgainstTheSandboxAndFederatesWithAllThree() {
    PartnerValidation validation = activities.validatePartner(input(deu(), null, null));

    assertThat(validation.errors()).isEmpty();
    assertThat(validation.valid()).isTrue();
    assertThat(validation.key()).isEqualTo("deu");
    assertThat(validation.code()).isEqualTo("DEU");
    assertThat(validation.trust()).containsExactly("usa", "fra", "gbr");
    assertThat(validation.release()).isEqualTo("1.0.0");
    assertThat(imageQueries)
        .containsExactlyInAnyOrder(
            "DEU dive-ops/postgres:15",
            "DEU dive-ops/ferretdb:1.24.2",
            "DEU dive-ops/redis:7",
            "DEU dive-ops/keycloak:26.4.7",
            "DEU dive-ops/opa:1.4.2",
            "DEU dive-ops/app:1.0.0");
  }

  @Test
  void thePlanNamesEveryClientIdpAndMapperOfTheSixNewPairsAtBothEnds() {
    ProvisionPlan plan = activities.planPartner(input(deu(), null, null));

    assertThat(plan.key()).isEqualTo("deu");
    assertThat(plan.release()).isEqualTo("1.0.0");
    assertThat(plan.releaseReason()).contains("usa 1.0.0", "fra 1.0.0", "gbr 1.0.0");
    assertThat(names(plan.at("deu"), "client"))
        .containsExactly(
            "dive-v3-usa-federation", "dive-v3-fra-federation", "dive-v3-gbr-federation");
    assertThat(names(plan.at("deu"), "idp"))
        .containsExactly("usa-federation", "fra-federation", "gbr-federation");
    for (String trusted : List.of("usa", "fra", "gbr")) {
      assertThat(names(plan.at(trusted), "client")).containsExactly("dive-v3-deu-federation");
      assertThat(names(plan.at(trusted), "idp")).containsExactly("deu-federation");
      assertThat(names(plan.at(trusted), "mapper"))
          .containsExactly(
              "deu-federation/clearance",
              "deu-federation/uniqueID",
              "deu-federation/acpCOI",
              "deu-federation/organization",
              "deu-federation/countryOfAffiliation-pinned");
      assertThat(plan.at(trusted))
          .filteredOn(c -> c.kind().equals("registry"))
          .extracting(PlannedChange::action, PlannedChange::name)
          .containsExactly(tuple("update", "$.federation.matrix." + trusted));
    }
    assertThat(names(plan.at("deu"), "mapper")).hasSize(15).contains("usa-federation/clearance");
    assertThat(detail(plan.at("deu"), "client", "dive-v3-fra-federation"))
        .isEqualTo(
            "redirects to http://127.0.0.1:18081/realms/dive-v3-broker/broker/"
                + "deu-federation/endpoint, secret dive-v3-federation-deu-fra");
    assertThat(detail(plan.at("deu"), "idp", "fra-federation"))
        .contains(
            "issuer http://127.0.0.1:18081/realms/dive-v3-broker",
            "back channel http://dive-v3-keycloak-fra:8080/realms/dive-v3-broker",
            "client dive-v3-deu-federation",
            "secret dive-v3-federation-fra-deu");
  }

  @Test
  void thePlanNamesTheRegistryLinesSecretsStackRealmSchedulesAndWatcherOfThePartner() {
    ProvisionPlan plan = activities.planPartner(input(deu(), null, null));
    List<PlannedChange> deu = plan.at("deu");

    assertThat(names(deu, "registry"))
        .containsExactly("$.instances.deu", "$.federation.matrix.deu");
    assertThat(names(deu, "secret"))
        .containsExactly(
            "dive-v3-keycloak-deu",
            "dive-v3-keycloak-client-secret-deu",
            "dive-v3-postgres-deu",
            "dive-v3-keycloak-db-deu",
            "dive-v3-mongodb-deu",
            "dive-v3-redis-deu",
            "dive-v3-testuser-password-deu",
            "dive-v3-federation-usa-deu",
            "dive-v3-federation-fra-deu",
            "dive-v3-federation-gbr-deu",
            "dive-v3-federation-deu-usa",
            "dive-v3-federation-deu-fra",
            "dive-v3-federation-deu-gbr");
    assertThat(deu)
        .filteredOn(c -> c.kind().equals("secret"))
        .allMatch(c -> c.action().equals("create"));
    assertThat(names(deu, "network")).containsExactly("dive-deu_default", "dive-ops-federation");
    assertThat(names(deu, "volume"))
        .containsExactly("dive-deu_postgres-data", "dive-deu_mongodb-data", "dive-deu_redis-data");
    assertThat(names(deu, "container"))
        .containsExactly(
            "dive-v3-postgres-deu",
            "dive-v3-mongodb-deu",
            "dive-v3-redis-deu",
            "dive-v3-keycloak-deu",
            "dive-v3-opa-deu",
            "dive-v3-kas-deu",
            "dive-v3-backend-deu",
            "dive-v3-frontend-deu");
    assertThat(detail(deu, "container", "dive-v3-keycloak-deu"))
        .isEqualTo(
            "dive-ops/keycloak:26.4.7, ports 127.0.0.1:18083→8443,"
                + " 127.0.0.1:19003→9000, networks dive-deu_default,"
                + " dive-ops-federation");
    assertThat(names(deu, "realm")).containsExactly("dive-v3-broker");
    assertThat(deu)
        .filteredOn(c -> c.kind().equals("realm"))
        .singleElement()
        .satisfies(c -> assertThat(c.detail()).contains("testuser-deu-1", "testuser-deu-4"));
    assertThat(deu)
        .filteredOn(c -> c.kind().equals("schedule"))
        .extracting(PlannedChange::action, PlannedChange::name)
        .containsExactly(
            tuple("create", "dive-ops-backup-deu"),
            tuple("create", "dive-ops-verify-backup-deu"),
            tuple("exists", "dive-ops-verify-federation"));
    assertThat(names(deu, "watcher")).containsExactly("health-watch-deu");
    assertThat(plan.changes())
        .as("no secret value, not even the planning placeholder")
        .noneMatch(c -> c.detail().contains(PlanningSecrets.PLACEHOLDER));
  }

  @Test
  void aDryRunChangesNothing() throws IOException {
    Files.writeString(secretsDir.resolve("dive-v3-federation-usa-fra"), "kept");
    byte[] before = Files.readAllBytes(registry);
    List<Path> filesBefore = files(dir);

    ProvisionPartnerInput input = input(deu(), null, null);
    activities.validatePartner(input);
    ProvisionPlan plan = activities.planPartner(input);

    assertThat(plan.changes()).hasSizeGreaterThan(60);
    assertThat(Files.readAllBytes(registry)).as("registry bytes").isEqualTo(before);
    assertThat(files(dir)).as("no file made, secret or otherwise").isEqualTo(filesBefore);
    assertThat(Files.readString(secretsDir.resolve("dive-v3-federation-usa-fra")))
        .isEqualTo("kept");
    assertThat(imageQueries)
        .as("Docker was asked about images only")
        .allMatch(q -> q.startsWith("DEU dive-ops/"));
  }

  @Test
  void aSecretThatExistsIsKeptNotCreated() throws IOException {
    Files.writeString(secretsDir.resolve("dive-v3-redis-deu"), "left by an earlier try");

    ProvisionPlan plan = activities.planPartner(input(deu(), null, null));

    assertThat(plan.at("deu"))
        .filteredOn(c -> c.kind().equals("secret") && c.name().equals("dive-v3-redis-deu"))
        .extracting(PlannedChange::action)
        .containsExactly("exists");
  }

  @Test
  void collisionsAreRejectedWithEveryErrorNamedAtOnce() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Really tried for the port the test holds; the sandbox may run on this machine, so FRA's
      // ports are not (its port would be named twice: in the registry and in use).
      PortProbe ports =
          port ->
              port == taken.getLocalPort()
                  ? PortProbe.LOCAL.inUse(port)
                  : portsInUse.contains(port);
      activities = activities(ports, (instance, image) -> !image.startsWith("dive-ops/keycloak"));
      ObjectNode partner = deu();
      partner.with("services").with("opa").put("externalPort", 18182);
      partner.with("services").with("redis").put("containerName", "dive-v3-redis-fra");
      partner.with("services").with("backend").put("externalPort", taken.getLocalPort());

      PartnerValidation validation =
          activities.validatePartner(input(partner, null, List.of("usa", "ita", "fra")));

      assertThat(validation.valid()).isFalse();
      assertThat(validation.errors())
          .extracting(Finding::path, Finding::rule)
          .containsExactlyInAnyOrder(
              tuple("$.trust[1]", "trust-unknown-instance"),
              tuple("$.instances.deu.services.opa.externalPort", "port-collision"),
              tuple("$.instances.deu.services.redis.containerName", "duplicate-container-name"),
              tuple("$.instances.deu.services.backend.externalPort", "port-in-use"),
              tuple("$.instances.deu.services.keycloak", "image-missing"));
      assertThat(validation.errors())
          .extracting(Finding::message)
          .contains(
              "'ita' is not an instance of the registry (known: usa, fra, gbr)",
              "external port 18182 on host localhost is already published by"
                  + " $.instances.fra.services.opa.externalPort",
              "container name 'dive-v3-redis-fra' on host localhost is already used by"
                  + " $.instances.fra.services.redis.containerName",
              "port "
                  + taken.getLocalPort()
                  + " is in use on localhost: backend could not publish it",
              "image dive-ops/keycloak:26.4.7 (release 1.0.0) is not on the Docker host localhost:"
                  + " build or load it there first");
      assertThat(validation.trust()).containsExactly("usa", "fra");
      assertThatThrownBy(() -> activities.planPartner(input(partner, null, List.of("usa", "ita"))))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              e -> {
                assertThat(e.getType()).isEqualTo(FailureType.UNUSABLE_REGISTRY.type());
                assertThat(e.getOriginalMessage())
                    .startsWith("partner 'deu' no longer validates (5 errors");
              });
    }
  }

  @Test
  void aKeyOrCodeThatExistsIsRejected() {
    ObjectNode gbr = deu();
    gbr.put("code", "GBR");
    assertThat(activities.validatePartner(input(gbr, null, List.of("usa"))).errors())
        .extracting(Finding::path, Finding::rule)
        .contains(
            tuple("$.instances.gbr", "partner-key-exists"),
            tuple("$.instances.gbr.code", "partner-code-exists"));

    ObjectNode fra = deu();
    fra.put("code", "FRA");
    assertThat(activities.validatePartner(input(fra, "nld", null)).errors())
        .extracting(Finding::path, Finding::rule, Finding::message)
        .contains(
            tuple(
                "$.instances.nld.code",
                "partner-code-exists",
                "code 'FRA' is already the code of instance 'fra'"),
            tuple(
                "$.instances.nld.code",
                "instance-code-mismatch",
                "code 'FRA' does not match instance key 'nld'"));
  }

  @Test
  void anEntryThatFailsTheSchemaOrHoldsASecretValueIsRejectedNamingTheField() {
    PartnerValidation validation =
        activities.validatePartner(
            input(
                partner -> {
                  partner.remove("name");
                  partner.with("secrets").put("redis", "s3cret pa$$word");
                  partner.with("secrets").put("jwtSecret", "eyJhbGciOi.J9...");
                }));

    assertThat(validation.errors())
        .extracting(Finding::path, Finding::rule)
        .contains(
            tuple("$.instances.deu.secrets.redis", "secret-reference-format"),
            tuple("$.instances.deu.secrets.jwtSecret", "secret-reference-format"));
    assertThat(validation.errors())
        .anySatisfy(f -> assertThat(f.rule()).startsWith("schema:"))
        .noneMatch(f -> f.message().contains("pa$$word") || f.message().contains("eyJ"));
  }

  @Test
  void trustAskedForIsCheckedAndTheMatrixGetsTheRowsBothWays() {
    PartnerValidation validation =
        activities.validatePartner(input(deu(), null, List.of("fra", "deu", "fra")));
    assertThat(validation.errors())
        .extracting(Finding::path, Finding::rule)
        .containsExactly(tuple("$.trust[1]", "trust-self"));
    assertThat(validation.trust()).containsExactly("fra");

    ProvisionPlan plan = activities.planPartner(input(deu(), null, List.of("fra")));
    assertThat(plan.at("usa")).isEmpty();
    assertThat(names(plan.at("deu"), "idp")).containsExactly("fra-federation");
    assertThat(plan.at("fra"))
        .filteredOn(c -> c.kind().equals("registry"))
        .singleElement()
        .satisfies(c -> assertThat(c.detail()).isEqualTo("+ deu → [usa, gbr, deu]"));
  }

  @Test
  void aRemoteHostsPortsAreNotTriedButSaidSo() {
    portsInUse.addAll(PORTS.values());
    PartnerValidation validation =
        activities.validatePartner(input(p -> p.with("deployment").put("host", "192.168.42.120")));

    assertThat(validation.errors()).isEmpty();
    assertThat(validation.warnings())
        .extracting(Finding::path, Finding::rule)
        .contains(tuple("$.instances.deu.deployment.host", "ports-not-probed"));
  }

  @Test
  void aDockerHostThatCannotBeAskedIsAnErrorNamingIt() {
    activities =
        activities(
            port -> false,
            (instance, image) -> {
              throw new IllegalStateException("connection refused");
            });
    assertThat(activities.validatePartner(input(deu(), null, null)).errors())
        .extracting(Finding::path, Finding::rule, Finding::message)
        .containsExactly(
            tuple(
                "$.instances.deu.deployment.host",
                "docker-unreachable",
                "cannot ask the Docker Engine of host localhost for the release's images:"
                    + " connection refused"));
  }

  @Test
  void noPartnerOrNoKeyIsRejected() {
    assertThat(
            activities.validatePartner(new ProvisionPartnerInput(null, "deu", null, true)).errors())
        .extracting(Finding::path, Finding::rule)
        .containsExactly(tuple("$.partner", "partner-missing"));
    assertThat(activities.validatePartner(input(p -> p.remove("code"))).errors())
        .extracting(Finding::path, Finding::rule)
        .containsExactly(tuple("$.key", "partner-key-missing"));
  }

  @Test
  void withoutRecordedReleasesTheNewestReleaseFileIsChosen() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("instances"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    ProvisionPlan plan = activities.planPartner(input(deu(), null, null));
    assertThat(plan.release()).isEqualTo("1.1.0");
    assertThat(plan.releaseReason()).contains("newest release file");
  }

  @Test
  void theLocalProbeFindsAPortSomethingListensOn() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(PortProbe.LOCAL.inUse(taken.getLocalPort())).isTrue();
    }
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    assertThat(PortProbe.LOCAL.inUse(free)).isFalse();
  }

  /** The detail of the one change of that kind and name. */
  private static String detail(List<PlannedChange> changes, String kind, String name) {
    List<PlannedChange> found =
        changes.stream().filter(c -> c.kind().equals(kind) && c.name().equals(name)).toList();
    assertThat(found).as(kind + " " + name).hasSize(1);
    return found.get(0).detail();
  }

  private static List<String> names(List<PlannedChange> changes, String kind) {
    return changes.stream().filter(c -> c.kind().equals(kind)).map(PlannedChange::name).toList();
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.sorted().toList();
    }
  }
}
