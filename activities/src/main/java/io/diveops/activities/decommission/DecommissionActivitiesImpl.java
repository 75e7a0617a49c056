package io.diveops.activities.decommission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryDocument;
import io.diveops.activities.registry.RegistryFile;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.registry.UnusableRegistryException;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.FederationPairs;
import io.diveops.activities.stack.InstanceStack;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.FailureType;
import io.diveops.api.ScheduleIds;
import io.diveops.api.decommission.DecommissionActivities;
import io.diveops.api.decommission.DecommissionPartnerInput;
import io.diveops.api.decommission.DecommissionPlan;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.provision.PlannedChange;
import io.diveops.api.registry.Finding;
import io.diveops.api.registry.ValidationReport;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of decommission-partner. The registry the instance is taken out of is kept in its
 * records ({@code <instances>/<key>/registry-before-decommission.json}) from the commit until the
 * run finishes: the steps after the commit find the instance there, and a run that stopped half-way
 * is finished by the next one from the same file.
 */
public class DecommissionActivitiesImpl implements DecommissionActivities {
  private static final Logger LOG = LoggerFactory.getLogger(DecommissionActivitiesImpl.class);
  private static final Duration WATCHER_GRACE = Duration.ofSeconds(20);
  private static final long POLL_MS = 200;
  private final Path registryFile;
  private final Optional<Path> schemaOverride;
  private final Path instancesDir;
  private final SecretStore secrets;
  private final DockerEngines engines;
  private final RegistryReader reader = new RegistryReader();
  private final RegistryFile registryFiles = new RegistryFile();
  private final RegistryValidator validator = new RegistryValidator();
  private final WorkflowClient client;

  public DecommissionActivitiesImpl(
      Path registryFile,
      Optional<Path> schemaOverride,
      Path instancesDir,
      SecretStore secrets,
      DockerEngines engines,
      WorkflowClient client) {
    this.client = client;
    this.registryFile = registryFile.toAbsolutePath().normalize();
    this.schemaOverride = schemaOverride;
    this.instancesDir = instancesDir;
    this.secrets = secrets;
    this.engines = engines;
  }

  @Override
  public DecommissionPlan planDecommission(DecommissionPartnerInput input) {
    String key = input.instance();
    boolean purge = Boolean.TRUE.equals(input.purge());
    if (key == null || key.isBlank()) {
      return refused(key, purge, "$.instance", "instance-missing", "no instance given");
    }
    RegistryDocument current = read(registryFile);
    boolean resumed = !current.json().path("instances").has(key) && Files.exists(kept(key));
    if (!resumed && !current.json().path("instances").has(key)) {
      return refused(
          key,
          purge,
          "$.instance",
          "unknown-instance",
          "'"
              + key
              + "' is not an instance of the registry "
              + registryFile
              + " (known: "
              + String.join(", ", fieldNames(current.json().path("instances")))
              + ")");
    }
    List<Finding> errors = new ArrayList<>();
    if (!resumed) {
      ValidationReport without =
          validator.validate(
              reader.document(registryFile, without(current.json(), key)), schemaOverride);
      without.errors().stream()
          .map(
              e ->
                  new Finding(
                      e.path(),
                      e.rule(),
                      "the registry without " + key + " would not validate: " + e.message()))
          .forEach(errors::add);
    }
    FederationRegistry before = model(resumed ? read(kept(key)) : current);
    Instance instance = before.instance(key).orElseThrow();
    List<String> partners = partners(before, key);
    return new DecommissionPlan(
        key,
        resumed,
        purge,
        partners,
        changes(before, key, instance, partners, resumed, purge),
        errors);
  }

  /** Its partners either way, in the registry's order. */
  static List<String> partners(FederationRegistry registry, String key) {
    Set<String> partners = new LinkedHashSet<>(FederationPairs.trusted(registry, key));
    partners.addAll(FederationPairs.trusting(registry, key));
    partners.remove(key);
    return List.copyOf(partners);
  }

  private List<PlannedChange> changes(
      FederationRegistry registry,
      String key,
      Instance instance,
      List<String> partners,
      boolean resumed,
      boolean purge) {
    List<PlannedChange> changes = new ArrayList<>();
    changes.add(
        resumed
            ? change(key, "backup", "exists", key, "the final backup of the run that began this")
            : change(
                key, "backup", "create", key, "the final backup, kept after the instance is gone"));
    changes.add(
        change(
            key,
            "watcher",
            "stop",
            HealthWatchInput.workflowId(key),
            "cancelled: nothing recovers it"));
    changes.add(
        change(
            key,
            "registry",
            resumed ? "done" : "remove",
            "$.instances." + key,
            instance.name() + " (" + instance.code() + "), and $.federation.matrix." + key));
    for (String partner : partners) {
      changes.add(
          change(
              partner,
              "registry",
              resumed ? "done" : "update",
              "$.federation.matrix." + partner,
              "- " + key));
      changes.add(
          change(
              partner,
              "client",
              "remove",
              "dive-v3-" + key + "-federation",
              "the client " + key + " logged in through"));
      changes.add(
          change(
              partner,
              "idp",
              "remove",
              key + "-federation",
              "with its mappers, and the accounts brokered through it"));
      changes.add(
          change(partner, "resources", "update", "releasability", "re-seeded without " + key));
    }
    for (String service : StackLayout.services(instance)) {
      changes.add(
          change(
              key,
              "container",
              "remove",
              instance.services().get(service).containerName(),
              service));
    }
    changes.add(change(key, "network", "remove", StackLayout.network(instance), ""));
    for (String service : StackLayout.services(instance)) {
      changes.add(
          change(
              key,
              "volume",
              purge ? "remove" : "keep",
              StackLayout.volume(instance, service),
              purge ? "purged" : "kept: --purge removes it"));
    }
    for (String name : secretNames(registry, key, instance)) {
      changes.add(
          change(
              key,
              "secret",
              purge ? "destroy" : "disable",
              name,
              purge ? "every version destroyed" : "every version disabled, kept"));
    }
    changes.add(change(key, "schedule", "delete", ScheduleIds.backup(key), ""));
    changes.add(change(key, "schedule", "delete", ScheduleIds.verifyBackup(key), ""));
    changes.add(
        change(
            key,
            "record",
            "remove",
            instancesDir.resolve(key).toString(),
            "release, drift, kept registries"));
    return changes;
  }

  private static PlannedChange change(
      String instance, String kind, String action, String name, String detail) {
    return new PlannedChange(instance, kind, action, name, detail);
  }

  @Override
  public String stopWatcher(String key) {
    String id = HealthWatchInput.workflowId(key);
    WorkflowStub watcher = client.newUntypedWorkflowStub(id);
    try {
      if (watcher.describe().getStatus()
          != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return id + " was not running";
      }
      watcher.cancel("decommissioned");
      long deadline = System.nanoTime() + WATCHER_GRACE.toNanos();
      while (System.nanoTime() < deadline) {
        if (watcher.describe().getStatus()
            != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          return id + " cancelled";
        }
        Thread.sleep(POLL_MS);
      }
      watcher.terminate(
          "decommissioned: it did not end within " + WATCHER_GRACE + " of its cancellation");
      return id + " terminated (it did not end within " + WATCHER_GRACE + " of its cancellation)";
    } catch (WorkflowNotFoundException e) {
      return id + " was not running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + id, e);
    }
  }

  @Override
  public void commitDecommission(String key) {
    RegistryDocument current = read(registryFile);
    if (!current.json().path("instances").has(key)) {
      return; // taken out by an earlier attempt or run
    }
    try {
      Files.createDirectories(kept(key).getParent());
      Files.copy(registryFile, kept(key), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the registry " + registryFile + " before " + key + " is taken out", e);
    }
    registryFiles.replace(registryFile, without(current.json(), key), "decommission-" + key);
  }

  @Override
  public List<String> removeInstanceStack(String key, boolean purge) {
    Instance instance = before(key).instance(key).orElseThrow();
    new InstanceStack(engines.forInstance(instance), secrets, line -> LOG.info("{}", line))
        .down(instance, purge);
    new ReleaseHistory(instancesDir).removed(key);
    List<String> removed = new ArrayList<>();
    removed.add(
        "containers of "
            + StackLayout.project(instance)
            + " and network "
            + StackLayout.network(instance)
            + " removed");
    List<String> volumes =
        StackLayout.services(instance).stream().map(s -> StackLayout.volume(instance, s)).toList();
    removed.add((purge ? "volumes removed: " : "volumes kept: ") + String.join(", ", volumes));
    return removed;
  }

  @Override
  public List<String> retireSecrets(String key, boolean purge) {
    FederationRegistry registry = before(key);
    List<String> retired = new ArrayList<>();
    for (String name : secretNames(registry, key, registry.instance(key).orElseThrow())) {
      if (purge) {
        boolean existed = !secrets.versions(name).isEmpty();
        secrets.destroy(name);
        retired.add(name + (existed ? " destroyed" : " absent"));
      } else {
        retired.add(name + (secrets.disable(name) ? " disabled" : " absent"));
      }
    }
    return retired;
  }

  @Override
  public void finishDecommission(String key) {
    Path records = instancesDir.resolve(key);
    if (!Files.exists(records)) {
      return;
    }
    try (Stream<Path> files = Files.walk(records)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the records of " + key + " in " + records, e);
    }
  }

  /** The stack's secrets and each federation pair's, both directions (names, never values). */
  static List<String> secretNames(FederationRegistry registry, String key, Instance instance) {
    List<String> names = new ArrayList<>();
    SecretNames.STACK_FIELDS.forEach(field -> names.add(SecretNames.of(instance, field)));
    FederationPairs.secretPairs(registry, key)
        .forEach(pair -> names.add(SecretNames.federation(pair.get(0), pair.get(1))));
    return names.stream().distinct().toList();
  }

  /** The registry with the instance: the file while it still has it, else the one kept. */
  private FederationRegistry before(String key) {
    RegistryDocument current = read(registryFile);
    if (current.json().path("instances").has(key)) {
      return model(current);
    }
    if (!Files.exists(kept(key))) {
      throw ApplicationFailure.newNonRetryableFailure(
          key + " is neither in the registry nor in a kept one (" + kept(key) + ")",
          FailureType.UNUSABLE_REGISTRY.type());
    }
    return model(read(kept(key)));
  }

  /** The registry without the instance: its entry, its matrix row and its key in every row. */
  static JsonNode without(JsonNode registry, String key) {
    ObjectNode json = registry.deepCopy();
    if (json.get("instances") instanceof ObjectNode instances) {
      instances.remove(key);
    }
    if (json.path("federation").get("matrix") instanceof ObjectNode matrix) {
      matrix.remove(key);
      matrix.forEach(
          row -> {
            if (row instanceof ArrayNode partners) {
              for (int i = partners.size() - 1; i >= 0; i--) {
                if (key.equals(partners.get(i).asText())) {
                  partners.remove(i);
                }
              }
            }
          });
    }
    return json;
  }

  Path kept(String key) {
    return instancesDir.resolve(key).resolve("registry-before-decommission.json");
  }

  private RegistryDocument read(Path file) {
    try {
      return reader.read(file);
    } catch (UnusableRegistryException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureType.UNUSABLE_REGISTRY.type());
    }
  }

  private FederationRegistry model(RegistryDocument document) {
    return document
        .model()
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "the registry " + document.file() + " does not read as a registry",
                    FailureType.UNUSABLE_REGISTRY.type()));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static DecommissionPlan refused(
      String key, boolean purge, String path, String rule, String message) {
    return new DecommissionPlan(
        key, false, purge, List.of(), List.of(), List.of(new Finding(path, rule, message)));
  }
}
