package io.diveops.worker.cli;

import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.secrets.SecretStore.StoredVersion;
import io.diveops.activities.secrets.SecretStores;
import io.diveops.activities.stack.StackLayout;
import io.diveops.worker.DiveOpsProperties;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code dive-ops secrets list [instance]}: every secret an instance's stack uses and the
 * federation secrets the store holds for it, with their versions and states, and which version a
 * container started now would get. Never a value. Exit 0 when every secret has a readable version,
 * 1 when one is missing or has none, 2 on bad arguments, an unusable registry or an unreachable
 * store.
 */
public record SecretsCommand(
    PrintStream out,
    PrintStream err,
    DiveOpsProperties settings,
    Function<Instance, List<ContainerState>> containers) {
  static final String USAGE = "usage: dive-ops secrets list [instance]";

  /** The containers of each instance as its Docker Engine has them. */
  public SecretsCommand(PrintStream out, PrintStream err, DiveOpsProperties settings) {
    this(out, err, settings, dockerContainers(new DockerEngines(settings.dockerCertRoot())));
  }

  static Function<Instance, List<ContainerState>> dockerContainers(DockerEngines engines) {
    return instance ->
        engines
            .forInstance(instance)
            .findByLabels(
                Map.of(
                    StackLayout.LABEL_PROJECT,
                    StackLayout.project(instance),
                    StackLayout.LABEL_MANAGED,
                    "true"));
  }

  public int run(String... args) {
    if (args.length == 0 || !args[0].equals("list") || args.length > 2) {
      err.println(USAGE);
      return 2;
    }
    EnabledInstances enabled = settings.enabledInstances();
    Map<String, Instance> instances = new TreeMap<>();
    SecretStore store = null;
    try {
      FederationRegistry registry = enabled.registry();
      List<String> keys = args.length == 2 ? List.of(args[1]) : enabled.keys();
      keys.forEach(key -> instances.put(key, enabled.get(registry, key)));
      store = settings.openSecretStore();
      return list(instances, store);
    } catch (RuntimeException e) {
      // The registry's failures are activity failures: their own message, without the type.
      err.println(
          "error: "
              + (e instanceof ApplicationFailure f ? f.getOriginalMessage() : e.getMessage()));
      return 2;
    } finally {
      SecretStores.close(store);
    }
  }

  private int list(Map<String, Instance> instances, SecretStore store) {
    List<String> stored = store.names();
    boolean complete = true;
    out.printf(
        "%-8s %-44s %-8s %-10s %-5s %s%n",
        "INSTANCE", "SECRET", "VERSION", "STATE", "READ", "CONTAINERS");
    for (var entry : instances.entrySet()) {
      List<String> names = new ArrayList<>();
      SecretNames.STACK_FIELDS.forEach(field -> names.add(SecretNames.of(entry.getValue(), field)));
      String code = entry.getValue().code().toLowerCase(Locale.ROOT);
      stored.stream()
          .filter(name -> name.startsWith("dive-v3-federation-"))
          .filter(name -> name.contains("-" + code + "-") || name.endsWith("-" + code))
          .forEach(names::add);
      Map<String, List<String>> users = users(entry.getKey(), entry.getValue());
      for (String name : names) {
        complete &= versions(entry.getKey(), name, store, users);
      }
    }
    return complete ? 0 : 1;
  }

  /**
   * "name@version" → the containers started with that version, from their labels; none when the
   * containers cannot be read (no Docker Engine here): secrets are listed all the same.
   */
  private Map<String, List<String>> users(String key, Instance instance) {
    Map<String, List<String>> users = new TreeMap<>();
    List<ContainerState> running;
    try {
      running = containers.apply(instance);
    } catch (RuntimeException e) {
      err.println("warning: the containers of " + key + " cannot be read: " + e.getMessage());
      return users;
    }
    for (ContainerState container : running) {
      container
          .labels()
          .forEach(
              (label, version) -> {
                if (label.startsWith(StackLayout.LABEL_SECRET_PREFIX)) {
                  String name = label.substring(StackLayout.LABEL_SECRET_PREFIX.length());
                  users
                      .computeIfAbsent(name + "@" + version, k -> new ArrayList<>())
                      .add(container.name());
                }
              });
    }
    users.values().forEach(list -> list.sort(null));
    return users;
  }

  /** One line per version; READ marks the version a container started now gets. */
  private boolean versions(
      String key, String name, SecretStore store, Map<String, List<String>> users) {
    List<StoredVersion> versions = store.versions(name);
    if (versions.isEmpty()) {
      out.printf("%-8s %-44s %-8s %-10s%n", key, name, "-", "MISSING");
      return false;
    }
    String read;
    try {
      read = store.version(name);
    } catch (RuntimeException e) {
      read = null; // no enabled version: every line says so
    }
    for (StoredVersion v : versions) {
      out.printf(
          "%-8s %-44s %-8s %-10s %-5s %s%n",
          key,
          name,
          v.version(),
          v.state(),
          v.version().equals(read) ? "*" : "",
          String.join(",", users.getOrDefault(name + "@" + v.version(), List.of())));
    }
    return read != null;
  }
}
