package io.diveops.activities.drift;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.docker.DockerException;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.Release;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.FailureType;
import io.diveops.api.drift.DetectDriftInput;
import io.diveops.api.drift.DriftActivities;
import io.diveops.api.drift.DriftItem;
import io.diveops.api.drift.InstanceDrift;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Detection, read-only: the registry, the instance's current release and the secret store say what
 * should run; Docker, the realm ({@link RealmDrift}) and OPA ({@link OpaDrift}) say what does.
 * Nothing is changed but the instance's drift record (first-seen times).
 */
public class DriftActivitiesImpl implements DriftActivities {
  /** The ignore rules' file name, beside the registry. */
  public static final String IGNORE_FILE = "drift-ignore.json";

  private final EnabledInstances instances;
  private final Path releasesDir;
  private final ReleaseHistory history;
  private final ReleaseReader releases;
  private final SecretStore secrets;
  private final DockerEngines engines;
  private final RealmDrift realm;
  private final OpaDrift opa;
  private final Path ignoreFile;
  private final DriftRecord record;
  private final ContainerDrift containers;
  private final Clock clock;

  /**
   * @param ignoreFile the repository's ignore rules ({@code config/drift-ignore.json})
   */
  public DriftActivitiesImpl(
      EnabledInstances instances,
      Path releasesDir,
      Path instancesDir,
      SecretStore secrets,
      DockerEngines engines,
      RealmDrift realm,
      OpaDrift opa,
      Path ignoreFile,
      Fingerprints fingerprints,
      Clock clock) {
    this.instances = instances;
    this.releasesDir = releasesDir;
    this.history = new ReleaseHistory(instancesDir);
    this.releases = new ReleaseReader(releasesDir);
    this.secrets = secrets;
    this.engines = engines;
    this.realm = realm;
    this.opa = opa;
    this.ignoreFile = ignoreFile;
    this.record = new DriftRecord(instancesDir);
    this.containers = new ContainerDrift(fingerprints);
    this.clock = clock;
  }

  @Override
  public List<String> driftInstances(DetectDriftInput input) {
    FederationRegistry registry = instances.registry();
    TreeSet<String> keys = new TreeSet<>();
    if (input.instances().isEmpty()) {
      registry
          .instances()
          .forEach(
              (key, instance) -> {
                if (instance.enabled()) {
                  keys.add(key);
                }
              });
    } else {
      for (String key : input.instances()) {
        instances.get(registry, key);
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }

  @Override
  public InstanceDrift detectInstance(String key) {
    FederationRegistry registry = instances.registry();
    Instance instance = instances.get(registry, key);
    IgnoreRules rules;
    try {
      rules = IgnoreRules.read(ignoreFile);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureType.UNUSABLE_REGISTRY.type());
    }
    List<DriftItem> items = new ArrayList<>(containers(registry, key, instance));
    items.addAll(realm.detect(registry, key));
    if (instance.services().containsKey("opa")) {
      items.addAll(opa.detect(instance, key));
    }
    IgnoreRules.Applied applied = rules.apply(items);
    DriftRecord.Stamped stamped = record.stamp(key, applied.kept(), clock.instant());
    return new InstanceDrift(key, stamped.items(), applied.hidden(), stamped.resolved());
  }

  @Override
  public String currentRelease(String key) {
    instances.get(instances.registry(), key);
    return history.state(key).current();
  }

  @Override
  public List<String> reconcileRealm(String key, List<String> extraProviders) {
    FederationRegistry registry = instances.registry();
    instances.get(registry, key);
    return realm.reconcile(registry, key, extraProviders);
  }

  @Override
  public List<String> reconcileOpa(String key) {
    FederationRegistry registry = instances.registry();
    Instance instance = instances.get(registry, key);
    try {
      return opa.restore(instance);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("OPA of " + key + ": " + e.getMessage(), e);
    }
  }

  /** Every container difference, or one {@code unknown} item when Docker cannot be read. */
  List<DriftItem> containers(FederationRegistry registry, String key, Instance instance) {
    String registryPath = instances.registryFile() + "#/instances/" + key;
    String version = history.state(key).current();
    if (version == null) {
      return List.of(
          DriftItem.unknown(
              key,
              "release",
              "no current release in " + history.file(key) + ": the instance is not provisioned"));
    }
    Release release;
    try {
      release = releases.read(version);
    } catch (RuntimeException e) {
      return List.of(DriftItem.unknown(key, "release " + version, e.getMessage()));
    }
    String releaseFile = releasesDir.resolve(version + ".json").toString();
    StackLayout layout = new StackLayout(secrets, registry.defaults());
    DockerEngine docker;
    try {
      docker = engines.forInstance(instance);
      List<DriftItem> items = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (String service : StackLayout.services(instance)) {
        Release.ServiceRelease build = release.services().get(service);
        if (build == null) {
          continue; // the release does not ship it: nothing is desired of it
        }
        String serviceSource = registryPath + "/services/" + service;
        ContainerSpec spec;
        try {
          spec = layout.spec(key, instance, service, release);
        } catch (DockerException e) {
          throw e;
        } catch (RuntimeException e) {
          // A secret that cannot be read: that container's desired state is unknown.
          items.add(
              DriftItem.unknown(
                  key,
                  "container " + instance.services().get(service).containerName(),
                  e.getMessage()));
          names.add(instance.services().get(service).containerName());
          continue;
        }
        names.add(spec.name());
        items.addAll(
            containers.compare(
                key,
                spec,
                docker.imageId(spec.image()).orElse(null),
                docker.observe(spec.name()),
                new ContainerDrift.Sources(
                    serviceSource, releaseFile + "#/services/" + service, build.env().keySet())));
      }
      List<ContainerState> labelled =
          new ArrayList<>(docker.findByLabels(Map.of(StackLayout.LABEL_INSTANCE, key)));
      labelled.addAll(
          docker.findByLabels(Map.of(StackLayout.LABEL_PROJECT, StackLayout.project(instance))));
      items.addAll(ContainerDrift.extra(key, names, labelled, clock.millis(), registryPath));
      return items;
    } catch (DockerException e) {
      return List.of(
          DriftItem.unknown(
              key,
              "docker " + InstanceEndpoints.host(instance),
              "Docker cannot be read: " + e.getMessage()));
    }
  }
}
