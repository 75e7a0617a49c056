package io.diveops.activities.stack;

import io.diveops.activities.registry.Instance;
import java.util.List;

/**
 * The network every instance's Keycloak joins so that a broker can make its back-channel calls
 * (token, userinfo, JWKS) to a partner's Keycloak: published ports are on each host's loopback,
 * which a container cannot reach. Browser-facing URLs stay on the published ports.
 */
public final class FederationNetwork {
  /** Created by DIVE Ops and shared by every instance on a host. */
  public static final String NAME = "dive-ops-federation";

  private FederationNetwork() {}

  /**
   * The instance's Keycloak on the federation network: its container name, which the registry keeps
   * unique across the federation, is its stable alias there.
   */
  public static String keycloakAlias(Instance instance) {
    return instance.services().get("keycloak").containerName();
  }

  public static List<String> aliases(Instance instance) {
    return List.of(keycloakAlias(instance));
  }

  /** A URL of the instance's Keycloak as another instance's Keycloak reaches it. */
  public static String keycloakUrl(Instance instance, String path) {
    return "http://"
        + keycloakAlias(instance)
        + ":"
        + instance.services().get("keycloak").internalPort()
        + path;
  }
}
