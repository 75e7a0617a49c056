package io.diveops.activities.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerSpec.HealthSpec;
import io.diveops.activities.docker.ContainerSpec.PortMapping;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.release.Release;
import io.diveops.activities.secrets.SecretStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instance's {@code docker-compose.yml}, rendered from the container specs {@link StackLayout}
 * makes for deploys and the sandbox: the file and the containers come from one piece of code, so
 * they cannot disagree.
 *
 * <p>No secret is ever in the file. The layout is given a store that hands out placeholders instead
 * of values, and each placeholder is written as a variable reference that Compose fills in from the
 * environment: secret {@code dive-v3-postgres-fra} is {@code ${DIVE_V3_POSTGRES_FRA}}. The {@code
 * dive.ops.secret.<name>} labels keep the version each value must be read at; where the store
 * cannot say, the version is a variable too ({@code ${DIVE_V3_POSTGRES_FRA_VERSION}}).
 */
public final class ComposeFile {
  /** The network key each service's stack network has in the file. */
  static final String DEFAULT_NETWORK = "default";

  private static final String SECRET = "secret";
  private static final String VERSION = "version";
  private static final Pattern PLACEHOLDER =
      Pattern.compile("<<dive-ops-(" + SECRET + "|" + VERSION + "):([A-Za-z0-9_-]+)>>");
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private final FederationRegistry.Defaults defaults;
  private final Function<String, Optional<String>> versions;

  /**
   * @param defaults the registry's realm and app client, as deploys use them
   * @param versions the version of a secret the store would give a container started now (never a
   *     value); empty when the store cannot say
   */
  public ComposeFile(
      FederationRegistry.Defaults defaults, Function<String, Optional<String>> versions) {
    this.defaults = defaults;
    this.versions = versions;
  }

  /**
   * The file and what it needs from its environment.
   *
   * @param secrets variable → the secret whose value it must hold, at the version in {@code
   *     versions} (secret → version, or null when the file takes it from a variable as well)
   */
  public record Generated(String yaml, Map<String, String> secrets, Map<String, String> versions) {}

  /** The variable a secret's value is read from: {@code dive-v3-postgres-fra} → … */
  public static String variable(String secret) {
    return secret.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The variable a secret's version is read from when the store could not tell it. */
  public static String versionVariable(String secret) {
    return variable(secret) + "_VERSION";
  }

  /**
   * @param source where the registry was read from, for the file's header
   */
  public Generated generate(String key, Instance instance, Release release, String source) {
    Placeholders placeholders = new Placeholders(versions);
    StackLayout layout = new StackLayout(placeholders, defaults);
    Map<String, ContainerSpec> specs = new LinkedHashMap<>();
    for (String service : StackLayout.services(instance)) {
      specs.put(service, layout.spec(key, instance, service, release));
    }
    Map<String, Object> file = new LinkedHashMap<>();
    file.put(
        "x-dive-ops",
        map(
            "instance",
            key,
            "project",
            StackLayout.project(instance),
            "release",
            release.version()));
    Map<String, Object> services = new LinkedHashMap<>();
    specs.forEach(
        (service, spec) -> services.put(service, service(spec, dependencies(service, specs))));
    file.put("services", services);
    file.put("networks", networks(specs.values()));
    file.put("volumes", volumes(specs.values()));
    String yaml;
    try {
      yaml = YAML.writeValueAsString(file);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the compose file of " + key, e);
    }
    if (yaml.contains("<<dive-ops-")) {
      throw new IllegalStateException("a secret placeholder was left in the compose file");
    }
    Map<String, String> variables = new TreeMap<>();
    placeholders.pinned.keySet().forEach(name -> variables.put(variable(name), name));
    return new Generated(
        header(key, instance, release, source, placeholders.pinned) + yaml,
        variables,
        placeholders.pinned);
  }

  private static Map<String, Object> service(ContainerSpec spec, List<String> dependsOn) {
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("container_name", literal(spec.name()));
    service.put("image", literal(spec.image()));
    if (!spec.command().isEmpty()) {
      service.put("command", spec.command().stream().map(ComposeFile::literal).toList());
    }
    service.put("environment", literals(spec.env()));
    service.put("labels", literals(spec.labels()));
    if (!spec.ports().isEmpty()) {
      service.put("ports", spec.ports().stream().map(ComposeFile::port).toList());
    }
    Map<String, Object> networks = new LinkedHashMap<>();
    networks.put(DEFAULT_NETWORK, map("aliases", spec.aliases()));
    new TreeMap<>(spec.otherNetworks())
        .forEach((network, aliases) -> networks.put(network, map("aliases", aliases)));
    service.put("networks", networks);
    if (!spec.volumes().isEmpty()) {
      service.put(
          "volumes",
          new TreeMap<>(spec.volumes())
              .entrySet().stream().map(v -> v.getKey() + ":" + v.getValue()).toList());
    }
    if (spec.health() != null) {
      service.put("healthcheck", healthcheck(spec.health()));
    }
    // As DockerEngine creates every managed container.
    service.put("restart", "unless-stopped");
    if (!dependsOn.isEmpty()) {
      Map<String, Object> conditions = new LinkedHashMap<>();
      dependsOn.forEach(d -> conditions.put(d, map("condition", "service_healthy")));
      service.put("depends_on", conditions);
    }
    return service;
  }

  /**
   * The services of the nearest earlier stage the instance has: the stack starts a stage once the
   * one before it is healthy (and that one waited for its own predecessor).
   */
  static List<String> dependencies(String service, Map<String, ContainerSpec> specs) {
    List<String> before = List.of();
    for (List<String> stage : StackLayout.STAGES) {
      if (stage.contains(service)) {
        return before;
      }
      List<String> present = stage.stream().filter(specs::containsKey).toList();
      if (!present.isEmpty()) {
        before = present;
      }
    }
    return List.of();
  }

  private static String port(PortMapping port) {
    return (port.hostIp() == null || port.hostIp().isBlank() ? "" : port.hostIp() + ":")
        + port.hostPort()
        + ":"
        + port.containerPort();
  }

  private static Map<String, Object> healthcheck(HealthSpec health) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("test", health.test().stream().map(ComposeFile::literal).toList());
    check.put("interval", duration(health.interval()));
    check.put("timeout", duration(health.timeout()));
    check.put("retries", health.retries());
    check.put("start_period", duration(health.startPeriod()));
    return check;
  }

  static String duration(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }

  /** The stack network (named as the layout names it) and the shared ones, which exist already. */
  private static Map<String, Object> networks(Iterable<ContainerSpec> specs) {
    Map<String, Object> networks = new LinkedHashMap<>();
    Map<String, Object> external = new TreeMap<>();
    for (ContainerSpec spec : specs) {
      networks.putIfAbsent(
          DEFAULT_NETWORK,
          map("name", spec.network(), "labels", map(StackLayout.LABEL_MANAGED, "true")));
      spec.otherNetworks()
          .keySet()
          .forEach(network -> external.put(network, map("name", network, "external", true)));
    }
    networks.putAll(external);
    return networks;
  }

  /** Named as the layout names them, so Compose uses the volumes a deploy would. */
  private static Map<String, Object> volumes(Iterable<ContainerSpec> specs) {
    Map<String, Object> volumes = new TreeMap<>();
    for (ContainerSpec spec : specs) {
      spec.volumes()
          .keySet()
          .forEach(
              volume ->
                  volumes.put(
                      volume,
                      map("name", volume, "labels", map(StackLayout.LABEL_MANAGED, "true"))));
    }
    return volumes;
  }

  private static Map<String, String> literals(Map<String, String> values) {
    Map<String, String> sorted = new TreeMap<>();
    values.forEach((name, value) -> sorted.put(name, literal(value)));
    return sorted;
  }

  /**
   * A value as Compose must read it: a literal {@code $} doubled (Compose interpolates every
   * value), each placeholder a variable reference.
   */
  static String literal(String value) {
    Matcher placeholder = PLACEHOLDER.matcher(value.replace("$", "$$"));
    StringBuilder out = new StringBuilder();
    while (placeholder.find()) {
      String secret = placeholder.group(2);
      String variable =
          placeholder.group(1).equals(SECRET) ? variable(secret) : versionVariable(secret);
      placeholder.appendReplacement(out, Matcher.quoteReplacement("${" + variable + "}"));
    }
    placeholder.appendTail(out);
    return out.toString();
  }

  private static String header(
      String key, Instance instance, Release release, String source, Map<String, String> pinned) {
    String project = StackLayout.project(instance);
    List<String> lines = new ArrayList<>();
    lines.add(
        "docker-compose.yml of DIVE instance "
            + key
            + " (compose project "
            + project
            + ") at release "
            + release.version()
            + ",");
    lines.add("generated by `dive-ops config generate` from " + source + ",");
    lines.add("with the code that creates the containers: change the registry or the release,");
    lines.add("not this file.");
    lines.add("");
    lines.add(
        "No secret is written here: export each variable below from the secret store, at the");
    lines.add("version its dive.ops.secret.* label names, then run");
    lines.add("  docker-compose -p " + project + " -f <this file> up -d");
    new TreeMap<>(pinned)
        .forEach(
            (secret, version) ->
                lines.add(
                    String.format(
                        "  %-40s secret %s, %s",
                        variable(secret),
                        secret,
                        version == null
                            ? "version from $" + versionVariable(secret)
                            : "version " + version)));
    lines.add("Keycloak's realm import and the federation set-up are DIVE Ops steps, not");
    lines.add("part of this file.");
    StringBuilder header = new StringBuilder();
    lines.forEach(line -> header.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
    return header.toString();
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /**
   * Hands the layout placeholders instead of secret values, and records the version each secret is
   * pinned at: the store's, or a placeholder for a variable when the store cannot tell.
   */
  private static final class Placeholders implements SecretStore {
    private final Function<String, Optional<String>> versions;
    private final Map<String, String> pinned = new TreeMap<>();

    Placeholders(Function<String, Optional<String>> versions) {
      this.versions = versions;
    }

    @Override
    public String resolve(String name) {
      return "<<dive-ops-" + SECRET + ":" + name + ">>";
    }

    @Override
    public String ensure(String name) {
      throw new UnsupportedOperationException("a compose file is generated without secrets");
    }

    @Override
    public String version(String name) {
      Optional<String> version = versions.apply(name);
      pinned.put(name, version.orElse(null));
      return version.orElse("<<dive-ops-" + VERSION + ":" + name + ">>");
    }

    @Override
    public String resolve(String name, String version) {
      return resolve(name);
    }
  }
}
