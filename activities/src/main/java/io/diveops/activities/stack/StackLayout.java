package io.diveops.activities.stack;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerSpec.HealthSpec;
import io.diveops.activities.docker.ContainerSpec.PortMapping;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.release.Release;
import io.diveops.activities.secrets.SecretStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one DIVE instance's services are wired into containers: names, network, volumes, ports (on
 * 127.0.0.1 only), labels, health checks and the environment each service needs, from the registry
 * (where), the release (which build) and the secret store (credentials, resolved here and only
 * here).
 */
public class StackLayout {
  /** Start order: datastores, then Keycloak, then OPA, then the applications. */
  public static final List<List<String>> STAGES =
      List.of(
          List.of("postgres", "mongodb", "redis"),
          List.of("keycloak", "opa"),
          List.of("kas", "backend", "frontend"));

  public static final List<String> SERVICES = STAGES.stream().flatMap(List::stream).toList();

  public static final String LABEL_PROJECT = "com.docker.compose.project";
  public static final String LABEL_SERVICE = "com.docker.compose.service";
  public static final String LABEL_MANAGED = "dive.ops.managed";
  public static final String LABEL_RELEASE = "dive.ops.release";
  public static final String LABEL_INSTANCE = "dive.ops.instance";

  /**
   * {@code dive.ops.secret.<name>=<version>}: the version of each secret a container was started
   * with, so drift checks and rotation compare versions, never values.
   */
  public static final String LABEL_SECRET_PREFIX = "dive.ops.secret.";

  static final int KEYCLOAK_MANAGEMENT_PORT = 9000;

  /** The registry's `secrets` field naming the password of Keycloak's database role. */
  public static final String KEYCLOAK_DATABASE_SECRET = "keycloakDatabase";

  /** The realm and app client of DIVE's registries, for callers that hold no registry. */
  public static final FederationRegistry.Defaults DIVE_DEFAULTS =
      new FederationRegistry.Defaults("dive-v3-broker", "dive-v3-client-broker", List.of());

  private final SecretStore secrets;
  private final FederationRegistry.Defaults defaults;

  public StackLayout(SecretStore secrets) {
    this(secrets, DIVE_DEFAULTS);
  }

  /** A layout for a registry's realm and app client (null: DIVE's). */
  public StackLayout(SecretStore secrets, FederationRegistry.Defaults defaults) {
    this.secrets = secrets;
    this.defaults = defaults == null || defaults.realm() == null ? DIVE_DEFAULTS : defaults;
  }

  public static String network(Instance instance) {
    return project(instance) + "_default";
  }

  public static String project(Instance instance) {
    return instance.deployment().projectName();
  }

  /** The labels that mark what DIVE Ops made for an instance's stack: its network and volumes. */
  public static Map<String, String> projectLabels(Instance instance) {
    return Map.of(LABEL_MANAGED, "true", LABEL_PROJECT, project(instance));
  }

  public static String volume(Instance instance, String service) {
    return project(instance) + "_" + service + "-data";
  }

  /** The services of an instance this layout runs, in start order. */
  public static List<String> services(Instance instance) {
    return SERVICES.stream().filter(instance.services()::containsKey).toList();
  }

  public static Map<String, String> labels(
      String instanceKey, Instance instance, String service, String release) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_PROJECT, project(instance));
    labels.put(LABEL_SERVICE, service);
    labels.put(LABEL_MANAGED, "true");
    labels.put(LABEL_RELEASE, release);
    labels.put(LABEL_INSTANCE, instanceKey);
    return labels;
  }

  public ContainerSpec spec(
      String instanceKey, Instance instance, String service, Release release) {
    Instance.ServiceEndpoint endpoint = instance.services().get(service);
    Release.ServiceRelease build = release.services().get(service);
    if (endpoint == null || build == null) {
      throw new IllegalArgumentException(
          "instance "
              + instanceKey
              + " has no service '"
              + service
              + "' in "
              + (endpoint == null ? "the registry" : "release " + release.version()));
    }
    Map<String, String> env = new HashMap<>(build.env());
    Map<String, String> versions = new TreeMap<>(); // secret name → the version it is pinned at
    Map<String, String> volumes = new HashMap<>();
    List<PortMapping> ports = new ArrayList<>();
    ports.add(PortMapping.loopback(endpoint.externalPort(), endpoint.internalPort()));
    HealthSpec health;
    switch (service) {
      case "postgres" -> {
        env.put("POSTGRES_PASSWORD", secret(instance, "postgres", versions));
        env.put("POSTGRES_DB", keycloakDatabase(instance));
        env.put("POSTGRES_USER", keycloakDatabaseUser(instance));
        // Keycloak's role has a password of its own: Keycloak's configuration (and anything that
        // leaks it) must not carry the superuser's. The image aligns the role with it on every
        // start.
        env.put("POSTGRES_USER_PASSWORD", secret(instance, KEYCLOAK_DATABASE_SECRET, versions));
        volumes.put(volume(instance, service), "/var/lib/postgresql/data");
        health =
            health(
                List.of("CMD", "pg_isready", "-h", "127.0.0.1", "-U", "postgres"),
                Duration.ofSeconds(30));
      }
      case "mongodb" -> {
        volumes.put(volume(instance, service), "/data");
        health =
            health(
                List.of(
                    "CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + endpoint.internalPort()),
                Duration.ofSeconds(20));
      }
      case "redis" -> {
        String password = secret(instance, "redis", versions);
        env.put("REDIS_PASSWORD", password);
        env.put("REDISCLI_AUTH", password);
        volumes.put(volume(instance, service), "/data");
        health = health(List.of("CMD", "redis-cli", "ping"), Duration.ofSeconds(20));
      }
      case "keycloak" -> {
        env.put("KC_DB_URL", "jdbc:postgresql://postgres:5432/" + keycloakDatabase(instance));
        env.put("KC_DB_USERNAME", keycloakDatabaseUser(instance));
        env.put("KC_DB_PASSWORD", secret(instance, KEYCLOAK_DATABASE_SECRET, versions));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", secret(instance, "keycloakAdmin", versions));
        env.put("KC_HTTP_PORT", String.valueOf(endpoint.internalPort()));
        // Tokens name the issuer browsers use (the published port) whichever address a request
        // came in on; back-channel calls from partners and the backend arrive over the networks
        // and are answered on the address they used.
        env.put("KC_HOSTNAME", InstanceEndpoints.url(instance, "keycloak", ""));
        env.put("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true");
        Integer management = endpoint.managementPort();
        if (management != null) {
          ports.add(PortMapping.loopback(management, KEYCLOAK_MANAGEMENT_PORT));
        }
        // A first boot creates the schema and imports the realm: on a busy 2-core host with three
        // instances booting at once that took over 4 min, and Docker then called a healthy boot
        // failed.
        health =
            health(
                List.of(
                    "CMD",
                    "curl",
                    "-fs",
                    "http://127.0.0.1:" + KEYCLOAK_MANAGEMENT_PORT + "/health/ready"),
                Duration.ofSeconds(600));
      }
      case "opa" -> health = httpHealth(endpoint.internalPort(), "/health", Duration.ofSeconds(20));
      default -> {
        if (service.equals("backend")) {
          env.putAll(resourceApi(instance));
        }
        env.put("PORT", String.valueOf(endpoint.internalPort()));
        env.put("DIVE_SERVICE", service);
        env.put("DIVE_INSTANCE", instanceKey);
        health = httpHealth(endpoint.internalPort(), "/health", Duration.ofSeconds(20));
      }
    }
    Map<String, String> labels = labels(instanceKey, instance, service, release.version());
    versions.forEach((name, version) -> labels.put(LABEL_SECRET_PREFIX + name, version));
    return new ContainerSpec(
        endpoint.containerName(),
        build.image(),
        env,
        labels,
        ports,
        network(instance),
        List.of(service),
        volumes,
        List.of(),
        health,
        service.equals("keycloak")
            ? Map.of(FederationNetwork.NAME, FederationNetwork.aliases(instance))
            : Map.of());
  }

  /**
   * Where the backend's resource API finds what it needs, all on the stack's own network: the
   * realm's keys (its issuer is the browser-facing one Keycloak puts in tokens), OPA and the
   * resource database.
   */
  private Map<String, String> resourceApi(Instance instance) {
    Map<String, String> env = new HashMap<>();
    String realmPath = "/realms/" + defaults.realm();
    env.put("DIVE_TOKEN_ISSUER", InstanceEndpoints.url(instance, "keycloak", realmPath));
    env.put("DIVE_TOKEN_AUDIENCE", defaults.clientId());
    env.put(
        "DIVE_JWKS_URL",
        "http://keycloak:"
            + internalPort(instance, "keycloak")
            + realmPath
            + "/protocol/openid-connect/certs");
    env.put("DIVE_OPA_URL", "http://opa:" + internalPort(instance, "opa"));
    env.put("DIVE_MONGO_URL", "mongodb://mongodb:" + internalPort(instance, "mongodb") + "/");
    env.put("DIVE_MONGO_DATABASE", ResourceSeeder.database(instance));
    return env;
  }

  private static int internalPort(Instance instance, String service) {
    Instance.ServiceEndpoint endpoint = instance.services().get(service);
    if (endpoint == null) {
      throw new IllegalArgumentException(
          "instance " + instance.code() + " has no '" + service + "' for the backend to use");
    }
    return endpoint.internalPort();
  }

  /**
   * The secret a registry field names (or DIVE's convention names), read from a numbered version,
   * never "latest", which is recorded in {@code versions}.
   */
  private String secret(Instance instance, String field, Map<String, String> versions) {
    String name = SecretNames.of(instance, field);
    String version = versions.computeIfAbsent(name, secrets::version);
    String value = secrets.resolve(name, version);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "secret '"
              + name
              + "' version "
              + version
              + " is empty: no container is started with it");
    }
    return value;
  }

  /**
   * The secret holding the password of Keycloak's database role: named by the registry, or by
   * DIVE's convention {@code dive-v3-<kind>-<code>} for a registry written before it had one.
   */
  public static String keycloakDatabaseSecret(Instance instance) {
    return SecretNames.of(instance, KEYCLOAK_DATABASE_SECRET);
  }

  /** Keycloak's database on the instance's PostgreSQL, as the registry names it. */
  public static String keycloakDatabase(Instance instance) {
    return instance.keycloak() == null || instance.keycloak().database() == null
        ? "keycloak"
        : instance.keycloak().database().getOrDefault("name", "keycloak");
  }

  public static String keycloakDatabaseUser(Instance instance) {
    return instance.keycloak() == null || instance.keycloak().database() == null
        ? "keycloak"
        : instance.keycloak().database().getOrDefault("user", "keycloak");
  }

  private static HealthSpec httpHealth(int port, String path, Duration startPeriod) {
    return health(
        List.of("CMD", "curl", "-fs", "-o", "/dev/null", "http://127.0.0.1:" + port + path),
        startPeriod);
  }

  // A short interval keeps "healthy" close to the truth: runbooks wait on it.
  private static HealthSpec health(List<String> test, Duration startPeriod) {
    return new HealthSpec(test, Duration.ofSeconds(2), Duration.ofSeconds(3), 3, startPeriod);
  }
}
