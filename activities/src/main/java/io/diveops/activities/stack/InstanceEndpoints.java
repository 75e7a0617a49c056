package io.diveops.activities.stack;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.HostKey;
import io.diveops.activities.registry.Instance;

/** Where an operator's machine reaches an instance's services: host and published ports. */
public final class InstanceEndpoints {

  private InstanceEndpoints() {}

  public static String host(Instance instance) {
    return HostKey.isLocal(instance) ? "127.0.0.1" : HostKey.of(instance);
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
