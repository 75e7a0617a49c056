package io.diveops.worker.cli;

import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerHost;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.registry.UnusableRegistryException;
import io.diveops.activities.release.Release;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.secrets.SecretStores;
import io.diveops.activities.stack.InstanceStack;
import io.diveops.api.registry.ValidationReport;
import io.diveops.worker.DiveOpsProperties;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code dive-ops sandbox up|down|status [--release V] [--volumes]}: the local federation the tests
 * and demos run on, described by the project's own registry. Images are built by the script first.
 */
public class SandboxCommand {
  static final String USAGE =
      "usage: dive-ops sandbox up|down|status [--release VERSION] [--volumes]";
  private final PrintStream out;
  private final PrintStream err;
  private final Path registryFile;
  private final Optional<Path> schemaOverride;
  private final Path releases;
  private final DiveOpsProperties settings;
  private final ReleaseHistory history;

  /**
   * @param settings the registry, releases, secret store and release records the worker uses
   */
  public SandboxCommand(PrintStream out, PrintStream err, DiveOpsProperties settings) {
    this.out = out;
    this.err = err;
    this.registryFile = settings.registry();
    this.schemaOverride = settings.schemaOverride();
    this.releases = settings.releasesDir();
    this.settings = settings;
    this.history = new ReleaseHistory(settings.instancesDir());
  }

  public int run(String... args) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String version = "1.0.0";
    boolean volumes = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--release" -> {
          if (++i == args.length) {
            err.println("error: --release needs a version");
            return 2;
          }
          version = args[i];
        }
        case "--volumes" -> volumes = true;
        default -> {
          err.println("error: unknown option '" + args[i] + "'\n" + USAGE);
          return 2;
        }
      }
    }
    FederationRegistry registry;
    try {
      ValidationReport report = new RegistryValidator().validate(registryFile, schemaOverride);
      if (!report.valid()) {
        report.errors().forEach(f -> err.println("error    " + f.line()));
        err.println("error: " + registryFile + " is invalid: the sandbox is not touched");
        return 1;
      }
      registry = new RegistryReader().read(registryFile).model().orElseThrow();
    } catch (UnusableRegistryException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    SecretStore secrets = null;
    try (DockerEngine docker = DockerEngine.connect(DockerHost.local())) {
      secrets = settings.openSecretStore();
      InstanceStack stack = new InstanceStack(docker, secrets, out::println);
      return switch (args[0]) {
        case "up" -> up(registry, stack, new ReleaseReader(releases).read(version));
        case "down" -> {
          boolean removeVolumes = volumes;
          // Taken down on purpose: recorded first, so a HealthWatch never "recovers" what goes.
          enabled(registry)
              .forEach(
                  (key, instance) -> {
                    history.removed(key);
                    stack.down(instance, removeVolumes);
                  });
          yield 0;
        }
        case "status" -> status(registry, stack);
        default -> {
          err.println(USAGE);
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } finally {
      SecretStores.close(secrets);
    }
  }

  private int up(FederationRegistry registry, InstanceStack stack, Release release) {
    // Secrets first, for all instances: each realm's partner IdPs need the partners' client
    // secrets.
    enabled(registry).keySet().forEach(key -> stack.ensureSecrets(registry, key));
    List<CompletableFuture<Void>> instances = new ArrayList<>();
    enabled(registry)
        .forEach(
            (key, instance) ->
                instances.add(
                    CompletableFuture.runAsync(
                        () -> {
                          stack.up(registry, key, release);
                          // Whole and healthy: from now on a missing or dead service of it is a
                          // failure to recover.
                          history.provisioned(key, release.version());
                        })));
    try {
      CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    // Every Keycloak is up: each realm's federation can now be checked against the partners'.
    enabled(registry).keySet().forEach(key -> stack.federate(registry, key));
    out.println("sandbox up: " + enabled(registry).keySet() + " on release " + release.version());
    return 0;
  }

  private int status(FederationRegistry registry, InstanceStack stack) {
    enabled(registry).forEach((key, instance) -> stack.status(key, instance).forEach(out::println));
    return 0;
  }

  private static Map<String, Instance> enabled(FederationRegistry registry) {
    Map<String, Instance> enabled = new java.util.LinkedHashMap<>();
    registry
        .instances()
        .forEach(
            (key, instance) -> {
              if (instance.enabled()) {
                enabled.put(key, instance);
              }
            });
    return enabled;
  }
}
