package io.diveops.activities.stack;

import com.github.dockerjava.api.exception.ConflictException;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerException;
import io.diveops.activities.keycloak.FederationSetup;
import io.diveops.activities.keycloak.RealmSpec;
import io.diveops.activities.keycloak.RealmTemplate;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.release.Release;
import io.diveops.activities.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.keycloak.admin.client.Keycloak;

/**
 * Brings one instance's stack to "every service running and healthy" on its Docker Engine, and back
 * down. Idempotent: a healthy container is left alone, a stopped one is started, a missing one is
 * created; so a second call after a crash carries on where the first stopped.
 */
public class InstanceStack {
  static final Duration HEALTHY_WITHIN = Duration.ofMinutes(11);
  static final Duration STOP_GRACE = Duration.ofSeconds(20);
  static final String REALM_IMPORT_DIR = "/opt/keycloak/data/import";

  private final DockerEngine docker;
  private final SecretStore secrets;
  private final Consumer<String> progress;
  private final Runnable alive;

  public InstanceStack(DockerEngine docker, SecretStore secrets, Consumer<String> progress) {
    this(docker, secrets, progress, () -> {});
  }

  /**
   * @param alive called at each look while a container is waited healthy (an activity heartbeats
   *     there, and so learns within seconds that its run was cancelled)
   */
  public InstanceStack(
      DockerEngine docker, SecretStore secrets, Consumer<String> progress, Runnable alive) {
    this.docker = docker;
    this.secrets = secrets;
    this.progress = progress;
    this.alive = alive;
  }

  /**
   * Creates the instance's secrets that do not exist yet, its stack's and its federation pairs'
   * (values never leave the store).
   */
  public void ensureSecrets(FederationRegistry registry, String key) {
    Instance instance = registry.instance(key).orElseThrow();
    SecretNames.STACK_FIELDS.stream()
        .map(field -> SecretNames.of(instance, field))
        .forEach(secrets::ensure);
    FederationPairs.secretPairs(registry, key)
        .forEach(pair -> secrets.ensure(SecretNames.federation(pair.get(0), pair.get(1))));
  }

  public void up(FederationRegistry registry, String key, Release release) {
    Instance instance =
        registry
            .instance(key)
            .orElseThrow(() -> new IllegalArgumentException("unknown instance '" + key + "'"));
    StackLayout layout = new StackLayout(secrets, registry.defaults());
    Map<String, String> labels = StackLayout.projectLabels(instance);
    docker.ensureNetwork(StackLayout.network(instance), labels);
    docker.ensureNetwork(FederationNetwork.NAME, Map.of(StackLayout.LABEL_MANAGED, "true"));
    for (List<String> stage : StackLayout.STAGES) {
      List<CompletableFuture<Void>> starting = new ArrayList<>();
      for (String service : stage) {
        if (!instance.services().containsKey(service)) {
          continue;
        }
        ContainerSpec spec = layout.spec(key, instance, service, release);
        spec.volumes().keySet().forEach(volume -> docker.ensureVolume(volume, labels));
        starting.add(CompletableFuture.runAsync(() -> bringUp(registry, key, service, spec)));
      }
      try {
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    long documents = seedResources(registry, key);
    progress.accept(
        key
            + ": all services healthy; "
            + documents
            + " resource documents in "
            + ResourceSeeder.database(instance));
  }

  /**
   * The sample resources upserted, those releasable to the federation naming every partner the
   * registry gives the instance now (a partner that joined, or left, is in them or not); returns
   * the document count.
   */
  public long seedResources(FederationRegistry registry, String key) {
    return ResourceSeeder.seed(
        key, registry.instance(key).orElseThrow(), partnerCodes(registry, key));
  }

  private static List<String> partnerCodes(FederationRegistry registry, String key) {
    return FederationPairs.trusted(registry, key).stream()
        .map(partner -> registry.instance(partner).orElseThrow().code())
        .toList();
  }

  void bringUp(FederationRegistry registry, String key, String service, ContainerSpec spec) {
    Optional<ContainerState> existing = docker.inspect(spec.name());
    String stale = existing.map(c -> staleness(c, spec)).orElse(null);
    if (stale != null) {
      // Same release, other configuration (a layout that gained a secret, say): a healthy container
      // would otherwise keep the old environment for ever. Stopped with a grace so a database
      // shuts down cleanly; its volume stays.
      progress.accept(key + "/" + service + ": recreating " + spec.name() + " (" + stale + ")");
      docker.stop(spec.name(), STOP_GRACE);
      docker.remove(spec.name());
      existing = Optional.empty();
    }
    if (existing.isPresent() && existing.get().healthy()) {
      progress.accept(key + "/" + service + ": healthy (" + existing.get().image() + ")");
      return;
    }
    if (existing.isEmpty()) {
      try {
        docker.create(spec);
        progress.accept(key + "/" + service + ": created " + spec.name() + " from " + spec.image());
      } catch (DockerException e) {
        if (!(e.getCause() instanceof ConflictException)) {
          throw e;
        }
        // Created meanwhile by another attempt of this step (a worker taken for lost, still at
        // work): this attempt goes on with the container as the other made it.
        progress.accept(key + "/" + service + ": " + spec.name() + " created by another attempt");
      }
      existing = docker.inspect(spec.name());
    }
    if (service.equals("keycloak")
        && existing.map(c -> c.status().equals("created")).orElse(false)) {
      // Never started yet: its realm is imported at its first start, so it must be there now,
      // also when the attempt that created the container died before putting it there. Copying
      // it again is harmless.
      importRealm(registry, key, spec.name());
    }
    docker.start(spec.name());
    ContainerState state = docker.waitHealthy(spec.name(), HEALTHY_WITHIN, alive);
    progress.accept(key + "/" + service + ": healthy (" + state.image() + ")");
  }

  /**
   * Why a container of the release being brought up no longer matches the layout (names of the
   * variables that differ, never their values), or null. A container of another release is a
   * deploy's business: left as it is.
   */
  String staleness(ContainerState container, ContainerSpec spec) {
    String release = spec.labels().get(StackLayout.LABEL_RELEASE);
    if (!release.equals(container.labels().get(StackLayout.LABEL_RELEASE))
        || !spec.image().equals(container.image())) {
      return null;
    }
    // The sandbox rebuilds an image under the same tag when its sources change: a container of
    // the old build would keep running the old code.
    String built =
        docker.details(spec.name()).map(DockerEngine.ContainerDetails::imageId).orElse("");
    Optional<String> current = docker.imageId(spec.image());
    if (current.isPresent() && !current.get().equals(built)) {
      return "image " + spec.image() + " rebuilt";
    }
    Map<String, String> live = docker.env(spec.name());
    List<String> changed =
        spec.env().entrySet().stream()
            .filter(e -> !e.getValue().equals(live.get(e.getKey())))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    return changed.isEmpty() ? null : "environment: " + String.join(", ", changed);
  }

  /**
   * The realm Keycloak imports on start; it holds client secrets, so only its owner may read it.
   */
  void importRealm(FederationRegistry registry, String key, String container) {
    byte[] realm =
        new RealmTemplate()
            .toJson(new RealmSpecs(secrets).forInstance(registry, key))
            .getBytes(StandardCharsets.UTF_8);
    docker.copyIn(
        container,
        REALM_IMPORT_DIR,
        Map.of(registry.defaults().realm() + ".json", realm),
        DockerEngine.OWNER_ONLY);
  }

  /**
   * Brings the running realm's federation (clients, identity providers, mappers, user profile) to
   * what the registry says, through Keycloak's admin API: a realm imported before a partner joined,
   * or by an earlier version, is updated in place. Returns what changed.
   */
  public List<String> federate(FederationRegistry registry, String key) {
    Instance instance = registry.instance(key).orElseThrow();
    RealmSpec spec = new RealmSpecs(secrets).forInstance(registry, key);
    try (Keycloak admin =
        FederationSetup.admin(
            InstanceEndpoints.url(instance, "keycloak", ""),
            adminUser(instance),
            secrets.resolve(SecretNames.of(instance, "keycloakAdmin")))) {
      List<String> changes = new FederationSetup().apply(admin, spec);
      changes.forEach(change -> progress.accept(key + "/keycloak: " + change));
      return changes;
    }
  }

  /** The Keycloak admin account the registry names (DIVE's default: admin). */
  public static String adminUser(Instance instance) {
    return instance.keycloak() == null || instance.keycloak().adminUsername() == null
        ? "admin"
        : instance.keycloak().adminUsername();
  }

  /** Removes the instance's containers and network; data volumes only when asked. */
  public void down(Instance instance, boolean removeVolumes) {
    for (ContainerState c : docker.findByLabels(StackLayout.projectLabels(instance))) {
      docker.remove(c.name());
      progress.accept("removed " + c.name());
    }
    docker.removeNetwork(StackLayout.network(instance));
    if (removeVolumes) {
      StackLayout.services(instance)
          .forEach(service -> docker.removeVolume(StackLayout.volume(instance, service)));
    }
  }

  /** One line per service: container, state, health, release. */
  public List<String> status(String key, Instance instance) {
    List<String> lines = new ArrayList<>();
    for (String service : StackLayout.services(instance)) {
      String name = instance.services().get(service).containerName();
      lines.add(
          docker
              .inspect(name)
              .map(
                  s ->
                      String.format(
                          "%-4s %-9s %-24s %-8s %-10s %s",
                          key,
                          service,
                          name,
                          s.status(),
                          s.health(),
                          s.labels().getOrDefault(StackLayout.LABEL_RELEASE, "?")))
              .orElse(String.format("%-4s %-9s %-24s %s", key, service, name, "missing")));
    }
    return lines;
  }
}
