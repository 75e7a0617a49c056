package io.diveops.activities.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngine.Observed;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.docker.DockerException;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.SandboxRegistry;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.NamedSecrets;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.alert.Severity;
import io.diveops.api.drift.DetectDriftInput;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import io.diveops.api.drift.InstanceDrift;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection on the sandbox registry at release 1.0.0 against a mocked Docker Engine whose
 * containers are first exactly what the layout makes, then changed one way at a time.
 */
class DriftActivitiesImplTest {
  static final Path ROOT = SandboxRegistry.ROOT;

  /** Every secret is "value-of-<name>", version 1. */
  static final SecretStore SECRETS = new NamedSecrets();

  @TempDir Path dir;
  Path registry;
  Path ignoreFile;
  final DockerEngine docker = mock(DockerEngine.class);
  final Map<String, Observed> live = new HashMap<>();
  final List<ContainerState> labelled = new ArrayList<>();
  Instant now = Instant.parse("2026-11-28T10:00:00Z");

  @BeforeEach
  void sandboxAtRelease100RunningExactlyItsSpecs() throws IOException {
    registry = SandboxRegistry.copyInto(dir);
    ignoreFile = registry.resolveSibling("drift-ignore.json");
    new ReleaseHistory(dir.resolve("instances")).provisioned("fra", "1.0.0");
    dockerRunningExactlyTheSpecs();
  }

  /** Docker answers with the containers the layout makes, each exactly as specified. */
  void dockerRunningExactlyTheSpecs() {

    FederationRegistry model = new EnabledInstances(registry).registry();
    var release = new ReleaseReader(ROOT.resolve("releases")).read("1.0.0");
    StackLayout layout = new StackLayout(SECRETS, model.defaults());
    for (String service : StackLayout.services(model.instance("fra").orElseThrow())) {
      ContainerSpec spec =
          layout.spec("fra", model.instance("fra").orElseThrow(), service, release);
      live.put(spec.name(), observed(spec));
      labelled.add(state(spec.name(), spec.labels()));
    }
    when(docker.imageId(anyString())).thenAnswer(call -> Optional.of(id(call.getArgument(0))));
    when(docker.observe(anyString()))
        .thenAnswer(call -> Optional.ofNullable(live.get((String) call.getArgument(0))));
    when(docker.findByLabels(anyMap()))
        .thenAnswer(
            call -> {
              Map<String, String> wanted = call.getArgument(0);
              return labelled.stream()
                  .filter(c -> c.labels().entrySet().containsAll(wanted.entrySet()))
                  .toList();
            });
  }

  static String id(String image) {
    return "sha256:" + Integer.toHexString(image.hashCode());
  }

  static Observed observed(ContainerSpec spec) {
    Map<String, String> env = new HashMap<>(spec.env());
    env.put("PATH", "/usr/bin"); // the image's own: not a difference
    Map<String, String> labels = new HashMap<>(spec.labels());
    labels.put("dive.ops.inputs", "abc"); // the image's own label
    List<String> networks = new ArrayList<>(spec.otherNetworks().keySet());
    networks.add(spec.network());
    return new Observed(
        spec.name(),
        spec.image(),
        id(spec.image()),
        env,
        labels,
        spec.ports().stream()
            .map(p -> p.hostIp() + ":" + p.hostPort() + "->" + p.containerPort())
            .toList(),
        networks,
        "unless-stopped",
        true,
        "running",
        "healthy");
  }

  static ContainerState state(String name, Map<String, String> labels) {
    return new ContainerState("id-" + name, name, "img", "running", true, "healthy", null, labels);
  }

  DriftActivitiesImpl activities() {
    DockerEngines engines = mock(DockerEngines.class);
    when(engines.forInstance(any())).thenReturn(docker);
    return new DriftActivitiesImpl(
        new EnabledInstances(registry),
        ROOT.resolve("releases"),
        dir.resolve("instances"),
        SECRETS,
        engines,
        RealmDrift.NONE,
        mock(OpaDrift.class),
        ignoreFile,
        new Fingerprints(),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  Observed with(String name, java.util.function.UnaryOperator<Observed> change) {
    Observed changed = change.apply(live.get(name));
    live.put(name, changed);
    return changed;
  }

  /** The container with another image, environment, restart policy; running and healthy. */
  static Observed running(
      Observed c, String image, String imageId, Map<String, String> env, String restart) {
    return new Observed(
        c.name(),
        image,
        imageId,
        env,
        c.labels(),
        c.ports(),
        c.networks(),
        restart,
        true,
        "running",
        "healthy");
  }

  @Test
  void containersExactlyAsTheLayoutMakesThemAreInSync() {
    assertThat(activities().detectInstance("fra").items()).isEmpty();
    assertThat(activities().driftInstances(DetectDriftInput.all()))
        .containsExactly("fra", "gbr", "usa");
  }

  @Test
  void anImageNotInTheReleaseIsACriticalChangeNamingTheReleaseFile() {
    with(
        "dive-v3-backend-fra",
        c -> running(c, "dive-ops/app:1.1.0", "sha256:new", c.env(), c.restartPolicy()));

    List<DriftItem> items = activities().detectInstance("fra").items();

    assertThat(items).hasSize(1);
    DriftItem item = items.get(0);
    assertThat(item.category()).isEqualTo(DriftCategory.CHANGED);
    assertThat(item.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(item.path()).isEqualTo("image");
    assertThat(item.desired()).isEqualTo("dive-ops/app:1.0.0");
    assertThat(item.actual()).isEqualTo("dive-ops/app:1.1.0");
    assertThat(item.source()).endsWith("releases/1.0.0.json#/services/backend/image");
    assertThat(item.firstSeen()).isEqualTo("2026-11-28T10:00:00Z");
  }

  @Test
  void anEnvironmentValueChangedNamesTheKeyAndNeverEitherValue() {
    Observed redis = live.get("dive-v3-redis-fra");
    String secretKey =
        redis.env().entrySet().stream()
            .filter(e -> e.getValue().startsWith("value-of-"))
            .findFirst()
            .orElseThrow()
            .getKey();
    with(
        "dive-v3-redis-fra",
        c -> {
          Map<String, String> env = new HashMap<>(c.env());
          env.put(secretKey, "hand-set-password");
          return running(c, c.image(), c.imageId(), env, c.restartPolicy());
        });

    InstanceDrift drift = activities().detectInstance("fra");

    assertThat(drift.items()).extracting(DriftItem::path).containsExactly("env." + secretKey);
    DriftItem item = drift.items().get(0);
    assertThat(item.actual()).contains("fingerprint changed").doesNotContain("hand-set-password");
    assertThat(item.desired()).startsWith("hmac:").doesNotContain("value-of-");
    assertThat(drift.toString()).doesNotContain("hand-set-password", "value-of-");
  }

  @Test
  void portsNetworksLabelsRestartAndStateAreEachAnItem() {
    with(
        "dive-v3-keycloak-fra",
        c -> {
          Map<String, String> labels = new HashMap<>(c.labels());
          labels.put("dive.ops.release", "0.9.0");
          labels.keySet().removeIf(k -> k.startsWith("dive.ops.secret."));
          return new Observed(
              c.name(),
              c.image(),
              c.imageId(),
              c.env(),
              labels,
              List.of("0.0.0.0:18081->8080"),
              List.of("dive-fra_default"),
              "no",
              false,
              "exited",
              "none");
        });

    List<DriftItem> items = activities().detectInstance("fra").items();

    assertThat(items)
        .extracting(DriftItem::path)
        .contains("labels.dive.ops.release", "ports", "networks", "restartPolicy", "state")
        .anyMatch(p -> p.startsWith("labels.dive.ops.secret."));
    assertThat(items)
        .filteredOn(i -> i.path().equals("state"))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.category())
                  .as("a stopped container: undecided")
                  .isEqualTo(DriftCategory.UNKNOWN);
              assertThat(i.actual()).startsWith("exited");
            });
    assertThat(items)
        .filteredOn(i -> i.path().equals("networks"))
        .first()
        .satisfies(i -> assertThat(i.desired()).contains("dive-ops-federation"));
    assertThat(items)
        .filteredOn(i -> i.path().startsWith("labels.dive.ops.secret."))
        .allMatch(i -> i.category() == DriftCategory.MISSING && "1".equals(i.desired()));
  }

  @Test
  void aMissingContainerAndALeftoverOfATerminatedDeployAreReported() {
    live.remove("dive-v3-opa-fra");
    labelled.removeIf(c -> c.name().equals("dive-v3-opa-fra"));
    labelled.add(
        state(
            "dive-v3-backend-fra-prev-3f9a1c2e",
            Map.of(StackLayout.LABEL_INSTANCE, "fra", StackLayout.LABEL_PROJECT, "dive-fra")));

    List<DriftItem> items = activities().detectInstance("fra").items();

    assertThat(items)
        .extracting(DriftItem::resource, DriftItem::category)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("container dive-v3-opa-fra", DriftCategory.MISSING),
            org.assertj.core.groups.Tuple.tuple(
                "container dive-v3-backend-fra-prev-3f9a1c2e", DriftCategory.EXTRA));
  }

  @Test
  void dockerThatCannotBeReadIsOneUnknownItemNeverInSync() {
    when(docker.imageId(anyString()))
        .thenThrow(new DockerException("connection refused", true, null));

    List<DriftItem> items = activities().detectInstance("fra").items();

    assertThat(items).hasSize(1);
    assertThat(items.get(0).category()).isEqualTo(DriftCategory.UNKNOWN);
    assertThat(items.get(0).actual()).contains("connection refused");
  }

  @Test
  void anInstanceNeverProvisionedIsUnknown() {
    assertThat(activities().detectInstance("gbr").items())
        .singleElement()
        .satisfies(i -> assertThat(i.category()).isEqualTo(DriftCategory.UNKNOWN));
  }

  @Test
  void firstSeenIsKeptAcrossRunsAndForgottenOnceResolved() {
    Observed opa = live.remove("dive-v3-opa-fra");
    activities().detectInstance("fra");
    now = Instant.parse("2026-11-28T11:00:00Z");

    DriftItem again = activities().detectInstance("fra").items().get(0);
    assertThat(again.firstSeen()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(again.lastSeen()).isEqualTo("2026-11-28T11:00:00Z");
    assertThat(dir.resolve("instances/fra/drift.json")).exists();

    live.put("dive-v3-opa-fra", opa);
    assertThat(activities().detectInstance("fra").items()).as("resolved").isEmpty();
    live.remove("dive-v3-opa-fra");
    now = Instant.parse("2026-11-28T12:00:00Z");
    assertThat(activities().detectInstance("fra").items().get(0).firstSeen())
        .as("resolved in between: new again")
        .isEqualTo("2026-11-28T12:00:00Z");
  }

  @Test
  void whatIsNoLongerFoundIsResolvedUnlessSomethingCouldNotBeRead() {
    Observed opa = live.remove("dive-v3-opa-fra");
    assertThat(activities().detectInstance("fra").resolved()).isEmpty();

    when(docker.imageId(anyString()))
        .thenThrow(new DockerException("connection refused", true, null));
    assertThat(activities().detectInstance("fra").resolved())
        .as("Docker unreadable: the missing container is not known to be back")
        .isEmpty();

    org.mockito.Mockito.reset(docker);
    live.clear();
    labelled.clear();
    dockerRunningExactlyTheSpecs();
    live.put("dive-v3-opa-fra", opa);
    InstanceDrift back = activities().detectInstance("fra");
    assertThat(back.items()).isEmpty();
    assertThat(back.resolved()).containsExactly("fra|container dive-v3-opa-fra||missing");
  }

  @Test
  void ignoreRulesHideWhatTheyMatchAndCountIt() throws IOException {
    live.remove("dive-v3-opa-fra");
    live.remove("dive-v3-kas-fra");
    with("dive-v3-backend-fra", c -> running(c, c.image(), c.imageId(), c.env(), "always"));
    Files.writeString(
        ignoreFile,
        """
        {"rules": [
          {"id": "restart-by-hand", "path": "restartPolicy",
           "reason": "operators set always on the backend during the pilot"},
          {"id": "no-kas-yet", "instance": "fra", "resource": "container dive-v3-kas-*",
           "category": "missing", "reason": "FRA runs without KAS until its keys arrive"},
          {"id": "unused", "path": "nothing", "reason": "hides nothing, still counted"}
        ]}
        """);

    InstanceDrift drift = activities().detectInstance("fra");

    assertThat(drift.items())
        .extracting(DriftItem::resource)
        .containsExactly("container dive-v3-opa-fra");
    assertThat(drift.ignored())
        .containsOnly(
            Map.entry("restart-by-hand", 1), Map.entry("no-kas-yet", 1), Map.entry("unused", 0));
  }

  @Test
  void anIgnoreRuleWithoutAReasonIsRefused() throws IOException {
    Files.writeString(ignoreFile, "{\"rules\": [{\"id\": \"x\", \"path\": \"ports\"}]}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> activities().detectInstance("fra"))
        .hasMessageContaining("/rules/0 needs an id and a reason");
  }

  @Test
  void fingerprintsAreKeyedAndNeverTheValue() {
    Fingerprints one = new Fingerprints();
    assertThat(one.of("s3cret")).isEqualTo(one.of("s3cret")).isNotEqualTo(one.of("s3cret2"));
    assertThat(one.of("s3cret")).doesNotContain("s3cret");
    assertThat(new Fingerprints().of("s3cret")).as("another key").isNotEqualTo(one.of("s3cret"));
    String hex = one.of("x").substring("hmac:".length());
    assertThat(one.of(hex)).isNotEqualTo(hex);
  }
}
