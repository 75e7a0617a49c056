package io.diveops.activities.registry;

import io.diveops.api.registry.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Docker container names are unique per engine: two services with one name cannot both run. */
public class ContainerNameRule implements RegistryRule {

  @Override
  public List<Finding> errors(FederationRegistry registry, RegistryDocument document) {
    List<Finding> errors = new ArrayList<>();
    Map<String, String> firstUse = new HashMap<>();
    for (var entry : registry.instances().entrySet()) {
      String host = HostKey.of(entry.getValue());
      for (var service : entry.getValue().services().entrySet()) {
        String name = service.getValue() == null ? null : service.getValue().containerName();
        if (name == null || name.isBlank()) {
          continue;
        }
        String path =
            RegistryDocument.instancePath(entry.getKey())
                + ".services."
                + service.getKey()
                + ".containerName";
        String previous = firstUse.putIfAbsent(host + "/" + name, path);
        if (previous != null) {
          errors.add(
              new Finding(
                  path,
                  "duplicate-container-name",
                  "container name '"
                      + name
                      + "' on host "
                      + host
                      + " is already used by "
                      + previous));
        }
      }
    }
    return errors;
  }
}
