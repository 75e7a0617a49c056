package io.diveops.worker.cli;

import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.secrets.SecretStore.StoredVersion;
import io.diveops.activities.secrets.SecretStores;
import io.diveops.worker.DiveOpsProperties;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dive-ops secrets list [instance]}: every secret an instance's stack uses and the
 * federation secrets the store holds for it, with their versions and states, and which version a
 * container started now would get. Never a value. Exit 0 when every secret has a readable version,
 * 1 when one is missing or has none, 2 on bad arguments, an unusable registry or an unreachable
 * store.
 */
public record SecretsCommand(PrintStream out, PrintStream err, DiveOpsProperties settings) {
  static final String USAGE = "usage: dive-ops secrets list [instance]";

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
    out.printf("%-8s %-44s %-8s %-10s %s%n", "INSTANCE", "SECRET", "VERSION", "STATE", "READ");
    for (var entry : instances.entrySet()) {
      List<String> names = new ArrayList<>();
      SecretNames.STACK_FIELDS.forEach(field -> names.add(SecretNames.of(entry.getValue(), field)));
      String code = entry.getValue().code().toLowerCase(Locale.ROOT);
      stored.stream()
          .filter(name -> name.startsWith("dive-v3-federation-"))
          .filter(name -> name.contains("-" + code + "-") || name.endsWith("-" + code))
          .forEach(names::add);
      for (String name : names) {
        complete &= versions(entry.getKey(), name, store);
      }
    }
    return complete ? 0 : 1;
  }

  /** One line per version; READ marks the version a container started now gets. */
  private boolean versions(String key, String name, SecretStore store) {
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
          "%-8s %-44s %-8s %-10s %s%n",
          key, name, v.version(), v.state(), v.version().equals(read) ? "*" : "");
    }
    return read != null;
  }
}
