package io.diveops.activities.registry;

import io.diveops.api.registry.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The federation matrix may only name instances that exist and are enabled: a trust towards an
 * unknown or disabled partner would configure an identity provider that can never answer.
 */
public class FederationMatrixRule implements RegistryRule {

  @Override
  public List<Finding> errors(FederationRegistry registry, RegistryDocument document) {
    List<Finding> errors = new ArrayList<>();
    for (var row : matrix(registry).entrySet()) {
      String rowPath = "$.federation.matrix." + row.getKey();
      check(registry, row.getKey(), rowPath, errors);
      List<String> partners = row.getValue() == null ? List.of() : row.getValue();
      for (int i = 0; i < partners.size(); i++) {
        String partner = partners.get(i);
        String path = rowPath + "[" + i + "]";
        if (partner.equals(row.getKey())) {
          errors.add(
              new Finding(
                  path,
                  "federation-self-reference",
                  "instance '" + partner + "' cannot federate with itself"));
        } else {
          check(registry, partner, path, errors);
        }
      }
    }
    return errors;
  }

  @Override
  public List<Finding> warnings(FederationRegistry registry, RegistryDocument document) {
    List<Finding> warnings = new ArrayList<>();
    Map<String, List<String>> matrix = matrix(registry);
    boolean bilateral =
        registry.federation() != null && "bilateral".equals(registry.federation().trustModel());
    for (var row : matrix.entrySet()) {
      if (!bilateral || row.getValue() == null) {
        continue;
      }
      for (int i = 0; i < row.getValue().size(); i++) {
        String partner = row.getValue().get(i);
        List<String> back = matrix.get(partner);
        if (back != null && !back.contains(row.getKey())) {
          warnings.add(
              new Finding(
                  "$.federation.matrix." + row.getKey() + "[" + i + "]",
                  "federation-not-reciprocal",
                  "trust model is bilateral but '"
                      + partner
                      + "' does not list '"
                      + row.getKey()
                      + "'"));
        }
      }
    }
    for (var instance : registry.instances().entrySet()) {
      if (instance.getValue().enabled() && !matrix.containsKey(instance.getKey())) {
        warnings.add(
            new Finding(
                "$.federation.matrix",
                "federation-isolated",
                "enabled instance '" + instance.getKey() + "' has no federation partners"));
      }
    }
    return warnings;
  }

  private static Map<String, List<String>> matrix(FederationRegistry registry) {
    return registry.federation() == null ? Map.of() : registry.federation().matrix();
  }

  private static void check(
      FederationRegistry registry, String key, String path, List<Finding> errors) {
    Instance instance = registry.instances().get(key);
    if (instance == null) {
      errors.add(
          new Finding(
              path,
              "federation-unknown-instance",
              "'" + key + "' is not an instance of this registry"));
    } else if (!instance.enabled()) {
      errors.add(
          new Finding(path, "federation-disabled-instance", "instance '" + key + "' is disabled"));
    }
  }
}
