package io.diveops.activities.registry;

import io.diveops.api.registry.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The instance key ("fra") and its code ("FRA") name the same nation; runbooks use the key for
 * containers and the code for users and claims, so a mismatch would split one nation in two.
 */
public class InstanceCodeRule implements RegistryRule {

  @Override
  public List<Finding> errors(FederationRegistry registry, RegistryDocument document) {
    List<Finding> errors = new ArrayList<>();
    for (var entry : registry.instances().entrySet()) {
      String code = entry.getValue().code();
      if (code != null && !code.toLowerCase(Locale.ROOT).equals(entry.getKey())) {
        errors.add(
            new Finding(
                RegistryDocument.instancePath(entry.getKey()) + ".code",
                "instance-code-mismatch",
                "code '" + code + "' does not match instance key '" + entry.getKey() + "'"));
      }
    }
    return errors;
  }
}
