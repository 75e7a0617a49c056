package io.diveops.activities.stack;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.Release;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Every difference between a hand-written compose file (DIVE's {@code docker-compose.fra.yml}, say)
 * and the registry: container names, published and internal ports, services either side lacks, and,
 * when a release is given, images. The file is matched to an instance by its container names, else
 * by the instance's {@code deployment.composeFile}; its services to the registry's by container
 * name, else by the registry's service name or key.
 */
public final class ComposeDiff {
  private final FederationRegistry registry;
  private final Optional<Release> release;
  private final ComposeVariables variables;

  /** One difference: where in which file, and what each side says. */
  public record Difference(String file, String path, String message) {
    public String line() {
      return file + " " + path + ": " + message;
    }
  }

  /**
   * What one file came to.
   *
   * @param instance the registry's instance the file was compared with; null when none could be
   * @param undecided what could not be read or told, so the file may differ in more than {@code
   *     differences} says
   */
  public record Report(
      String file, String instance, List<Difference> differences, List<String> undecided) {}

  /**
   * @param release the release whose images the files must name; empty: images are not compared
   * @param environment the variables a compose file's {@code ${…}} references read, as Compose
   *     would
   */
  public ComposeDiff(
      FederationRegistry registry, Optional<Release> release, Map<String, String> environment) {
    this.registry = registry;
    this.release = release;
    this.variables = new ComposeVariables(environment);
  }

  /**
   * @param instance the instance the file describes; empty: told from the file
   */
  public Report diff(Path file, Optional<String> instance) {
    FileDiff diff = new FileDiff(file.toString());
    Map<String, Map<?, ?>> services = diff.read(file);
    if (services == null) {
      return diff.report(null);
    }
    String key = instance.orElseGet(() -> diff.instanceOf(file, services));
    if (key == null) {
      return diff.report(null);
    }
    Instance described = registry.instances().get(key);
    if (described == null) {
      diff.undecided(
          "instance '"
              + key
              + "' is not in the registry (known: "
              + registry.instances().keySet()
              + ")");
      return diff.report(null);
    }
    diff.compare(key, described, services);
    return diff.report(key);
  }

  /** The state of one file's comparison. */
  private final class FileDiff {
    private final String file;
    private final List<Difference> differences = new ArrayList<>();
    private final List<String> undecided = new ArrayList<>();

    FileDiff(String file) {
      this.file = file;
    }

    Report report(String key) {
      return new Report(file, key, List.copyOf(differences), List.copyOf(undecided));
    }

    void differs(String path, String message) {
      differences.add(new Difference(file, path, message));
    }

    void undecided(String message) {
      undecided.add(file + ": " + message);
    }

    /** The file's services by name, or null (and why) when it is no compose file. */
    Map<String, Map<?, ?>> read(Path path) {
      Object document;
      try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      } catch (NoSuchFileException e) {
        undecided("cannot read it: no such file");
        return null;
      } catch (IOException e) {
        undecided("cannot read it: " + e);
        return null;
      } catch (YAMLException e) {
        undecided("not YAML: " + e.getMessage().replace('\n', ' '));
        return null;
      }
      if (!(document instanceof Map<?, ?> top) || !(top.get("services") instanceof Map<?, ?> all)) {
        undecided("not a compose file: it has no 'services' map");
        return null;
      }
      Map<String, Map<?, ?>> services = new LinkedHashMap<>();
      all.forEach(
          (name, service) ->
              services.put(
                  String.valueOf(name), service instanceof Map<?, ?> map ? map : Map.of()));
      return services;
    }

    /** The instance with the most of the file's container names, else the one naming the file. */
    String instanceOf(Path path, Map<String, Map<?, ?>> services) {
      Set<String> names = new TreeSet<>();
      services.forEach(
          (service, spec) -> text(spec.get("container_name"), "").ifPresent(names::add));
      int best = 0;
      List<String> matches = new ArrayList<>();
      for (var entry : registry.instances().entrySet()) {
        int count =
            (int)
                entry.getValue().services().values().stream()
                    .filter(endpoint -> names.contains(endpoint.containerName()))
                    .count();
        if (count > best) {
          best = count;
          matches.clear();
        }
        if (count == best && count > 0) {
          matches.add(entry.getKey());
        }
      }
      if (matches.size() == 1) {
        return matches.get(0);
      }
      List<String> named =
          registry.instances().entrySet().stream()
              .filter(e -> namesFile(e.getValue(), path))
              .map(Map.Entry::getKey)
              .toList();
      if (named.size() == 1) {
        return named.get(0);
      }
      undecided(
          matches.size() > 1
              ? "its container names match instances "
                  + matches
                  + " equally: name one with --instance"
              : "no instance of the registry has its container names or names it in"
                  + " deployment.composeFile: name one with --instance");
      return null;
    }

    void compare(String key, Instance instance, Map<String, Map<?, ?>> services) {
      Map<String, Instance.ServiceEndpoint> unmatched = new LinkedHashMap<>(instance.services());
      Map<String, String> matched = new LinkedHashMap<>(); // compose service → registry service
      // Container names first: they are what the registry makes unique.
      services.forEach(
          (service, spec) ->
              text(spec.get("container_name"), "")
                  .flatMap(
                      name ->
                          unmatched.entrySet().stream()
                              .filter(e -> name.equals(e.getValue().containerName()))
                              .map(Map.Entry::getKey)
                              .findFirst())
                  .ifPresent(r -> matched.put(service, r)));
      matched.values().forEach(unmatched::remove);
      services.keySet().stream()
          .filter(service -> !matched.containsKey(service))
          .forEach(
              service ->
                  unmatched.entrySet().stream()
                      .filter(
                          e -> service.equals(e.getValue().name()) || service.equals(e.getKey()))
                      .map(Map.Entry::getKey)
                      .findFirst()
                      .ifPresent(
                          r -> {
                            matched.put(service, r);
                            unmatched.remove(r);
                          }));
      services.forEach(
          (service, spec) -> {
            String r = matched.get(service);
            if (r == null) {
              differs(
                  "services." + service,
                  "instance "
                      + key
                      + " of the registry has no such service"
                      + text(spec.get("container_name"), "services." + service + ".container_name")
                          .map(name -> " (container " + name + ")")
                          .orElse(""));
            } else {
              compareService(service, spec, r, instance.services().get(r));
            }
          });
      unmatched.forEach(
          (r, endpoint) ->
              differs(
                  "services",
                  "no service for the registry's "
                      + r
                      + " (container "
                      + endpoint.containerName()
                      + ", published port "
                      + endpoint.externalPort()
                      + ")"));
    }

    private void compareService(
        String service, Map<?, ?> spec, String registryService, Instance.ServiceEndpoint endpoint) {
      String at = "services." + service;
      Object containerName = spec.get("container_name");
      if (containerName == null) {
        differs(
            at + ".container_name",
            "none (Compose names the container itself), registry says " + endpoint.containerName());
      } else {
        text(containerName, at + ".container_name")
            .filter(name -> !name.equals(endpoint.containerName()))
            .ifPresent(
                name ->
                    differs(
                        at + ".container_name",
                        name + ", registry says " + endpoint.containerName()));
      }
      comparePorts(at, spec.get("ports"), registryService, endpoint);
      release.ifPresent(r -> compareImage(at, spec, registryService, r));
    }

    /**
     * Each registry port (the service's, and Keycloak's management port where the registry has one)
     * is found in the file by its container port, else by its published port; what is left on
     * either side is a difference too.
     */
    private void comparePorts(
        String at, Object ports, String registryService, Instance.ServiceEndpoint endpoint) {
      List<ComposePort> expected = new ArrayList<>();
      expected.add(new ComposePort(null, endpoint.externalPort(), endpoint.internalPort(), "tcp"));
      if (registryService.equals("keycloak") && endpoint.managementPort() != null) {
        expected.add(
            new ComposePort(
                null, endpoint.managementPort(), StackLayout.KEYCLOAK_MANAGEMENT_PORT, "tcp"));
      }
      List<?> entries = ports instanceof List<?> list ? list : List.of();
      for (int i = 0; i < entries.size(); i++) {
        String path = at + ".ports[" + i + "]";
        Optional<ComposePort> port = port(entries.get(i), path);
        if (port.isEmpty()) {
          continue;
        }
        ComposePort actual = port.get();
        Optional<ComposePort> sameTarget =
            expected.stream().filter(e -> e.target() == actual.target()).findFirst();
        Optional<ComposePort> samePublished =
            expected.stream()
                .filter(e -> e.published() != null && e.published().equals(actual.published()))
                .findFirst();
        if (sameTarget.isPresent()) {
          expected.remove(sameTarget.get());
          Integer want = sameTarget.get().published();
          if (actual.published() == null) {
            differs(
                path,
                "container port "
                    + actual.target()
                    + " published on no fixed port, registry says "
                    + want);
          } else if (!actual.published().equals(want)) {
            differs(
                path,
                "published "
                    + actual.published()
                    + (want == null ? ", registry publishes no port" : ", registry says " + want));
          }
        } else if (samePublished.isPresent()) {
          expected.remove(samePublished.get());
          differs(
              path,
              "internal port "
                  + actual.target()
                  + ", registry says "
                  + samePublished.get().target());
        } else {
          differs(path, "publishes " + actual.text() + ", which the registry does not name");
        }
      }
      expected.stream()
          .filter(e -> e.published() != null)
          .forEach(
              e ->
                  differs(
                      at + ".ports",
                      "does not publish "
                          + e.published()
                          + " → "
                          + e.target()
                          + ", which the registry says"));
    }

    private void compareImage(String at, Map<?, ?> spec, String registryService, Release r) {
      Release.ServiceRelease build = r.services().get(registryService);
      if (build == null) {
        differs(at + ".image", "release " + r.version() + " has no image for " + registryService);
        return;
      }
      if (spec.get("image") == null) {
        differs(
            at + ".image",
            "none"
                + (spec.get("build") == null ? "" : " (built from source)")
                + ", release "
                + r.version()
                + " says "
                + build.image());
        return;
      }
      text(spec.get("image"), at + ".image")
          .filter(image -> !image.equals(build.image()))
          .ifPresent(
              image ->
                  differs(
                      at + ".image",
                      image + ", release " + r.version() + " says " + build.image()));
    }

    private Optional<ComposePort> port(Object entry, String path) {
      Object value = entry;
      if (entry instanceof Map<?, ?> map) {
        Map<Object, Object> filled = new LinkedHashMap<>();
        for (var field : map.entrySet()) {
          Optional<String> text = text(field.getValue(), path + "." + field.getKey());
          if (text.isEmpty()) {
            return Optional.empty();
          }
          filled.put(field.getKey(), text.get());
        }
        value = filled;
      } else if (!(entry instanceof Number)) {
        Optional<String> text = text(entry, path);
        if (text.isEmpty()) {
          return Optional.empty();
        }
        value = text.get();
      }
      try {
        return Optional.of(ComposePort.parse(value));
      } catch (IllegalArgumentException e) {
        undecided(path + ": " + e.getMessage());
        return Optional.empty();
      }
    }

    /**
     * A value as Compose reads it (variables filled in); empty when absent, or, with {@code path}
     * set, when a variable it needs is not set (recorded as undecided).
     */
    private Optional<String> text(Object value, String path) {
      if (value == null) {
        return Optional.empty();
      }
      StringBuilder missing = new StringBuilder();
      Optional<String> text = variables.interpolate(String.valueOf(value), missing);
      if (text.isEmpty() && !path.isEmpty()) {
        undecided(path + ": variable " + missing + " is not set, so what the file says is unknown");
      }
      return text;
    }
  }

  /** Whether the instance's {@code deployment.composeFile} is this file. */
  static boolean namesFile(Instance instance, Path file) {
    String named = instance.deployment() == null ? null : instance.deployment().composeFile();
    if (named == null || named.isBlank()) {
      return false;
    }
    return file.toAbsolutePath().normalize().endsWith(Path.of(named).normalize());
  }
}
