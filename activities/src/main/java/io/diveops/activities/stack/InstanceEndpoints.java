package io.diveops.activities.stack;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.HostKey;
import io.diveops.activities.registry.Instance;
import java.util.Map;
import java.util.Optional;

/** Where an operator's machine reaches an instance's services: host and published ports. */
public final class InstanceEndpoints {
  // Each service's health path as the registry's serviceDefaults give it (Keycloak's is on the
  // management port). Datastores have none: Docker's own check is their health.
  public static final Map<String, String> HEALTH_PATHS =
      Map.of(
          "backend",
          "/health",
          "keycloak",
          "/health/ready",
          "opa",
          "/health",
          "kas",
          "/health",
          "frontend",
          "/");

  private InstanceEndpoints() {}

  public static String host(Instance instance) {
    return HostKey.isLocal(instance) ? "127.0.0.1" : HostKey.of(instance);
  }

  public static String url(Instance instance, String service, String path) {
    Instance.ServiceEndpoint endpoint = instance.services().get(service);
    if (endpoint == null) {
      throw new IllegalArgumentException(
          "instance " + instance.code() + " has no service '" + service + "'");
    }
    return "http://" + host(instance) + ":" + endpoint.externalPort() + path;
  }

  public static String keycloakManagementUrl(Instance instance, String path) {
    Integer port = instance.services().get("keycloak").managementPort();
    return "http://" + host(instance) + ":" + (port == null ? 9000 : port) + path;
  }

  /** The issuer of the instance's broker realm, as seen from the operator's machine. */
  public static String issuer(FederationRegistry registry, Instance instance) {
    return url(instance, "keycloak", "/realms/" + registry.defaults().realm());
  }

  /** The URL of the service's HTTP health endpoint, when it has one. */
  public static Optional<String> healthUrl(Instance instance, String service) {
    String path = HEALTH_PATHS.get(service);
    if (path == null || !instance.services().containsKey(service)) {
      return Optional.empty();
    }
    return Optional.of(
        service.equals("keycloak")
            ? keycloakManagementUrl(instance, path)
            : url(instance, service, path));
  }
}
