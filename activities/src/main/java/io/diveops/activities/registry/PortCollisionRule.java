package io.diveops.activities.registry;

import io.diveops.api.registry.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two enabled instances on the same Docker host cannot publish the same external port: the second
 * stack would fail to start, half-deployed. Checks service ports (Keycloak's management port too)
 * and tunnel metrics ports.
 */
public class PortCollisionRule implements RegistryRule {

  @Override
  public List<Finding> errors(FederationRegistry registry, RegistryDocument document) {
    List<Finding> errors = new ArrayList<>();
    Map<String, String> firstUse = new HashMap<>();
    for (var entry : registry.instances().entrySet()) {
      Instance instance = entry.getValue();
      if (!instance.enabled()) {
        continue;
      }
      String host = HostKey.of(instance);
      String base = RegistryDocument.instancePath(entry.getKey());
      for (var service : instance.services().entrySet()) {
        if (service.getValue() == null) {
          continue;
        }
        String path = base + ".services." + service.getKey();
        claim(firstUse, errors, host, service.getValue().externalPort(), path + ".externalPort");
        claim(
            firstUse, errors, host, service.getValue().managementPort(), path + ".managementPort");
      }
      if (instance.cloudflare() != null) {
        claim(
            firstUse,
            errors,
            host,
            instance.cloudflare().metricsPort(),
            base + ".cloudflare.metricsPort");
      }
    }
    return errors;
  }

  private static void claim(
      Map<String, String> firstUse, List<Finding> errors, String host, Integer port, String path) {
    if (port == null) {
      return;
    }
    String previous = firstUse.putIfAbsent(host + ":" + port, path);
    if (previous != null) {
      errors.add(
          new Finding(
              path,
              "port-collision",
              "external port "
                  + port
                  + " on host "
                  + host
                  + " is already published by "
                  + previous));
    }
  }
}
