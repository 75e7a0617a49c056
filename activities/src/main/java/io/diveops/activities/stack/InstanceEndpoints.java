package io.diveops.activities.stack;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import java.util.Locale;
import java.util.Set;

/** Where an operator's machine reaches an instance's services: host and published ports. */
public final class InstanceEndpoints {
  private static final Set<String> LOCAL = Set.of("", "localhost", "127.0.0.1", "::1");

  private InstanceEndpoints() {}

  public static String host(Instance instance) {
    String host = instance.deployment() == null || instance.deployment().host() == null
        ? "" : instance.deployment().host().trim().toLowerCase(Locale.ROOT);
    return LOCAL.contains(host) ? "127.0.0.1" : host;
  }

  public static String url(Instance instance, String service, String path) {
    Instance.ServiceEndpoint endpoint = instance.services().get(service);
    if (endpoint == null) {
      throw new IllegalArgumentException("instance " + instance.code() + " has no service '" + service + "'");
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
}
