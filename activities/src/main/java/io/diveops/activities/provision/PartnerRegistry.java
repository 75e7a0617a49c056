package io.diveops.activities.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryDocument;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.api.provision.ProvisionPartnerInput;
import io.diveops.api.registry.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry as it is, and as it would be with the partner added: its entry under its key, its
 * row of the federation matrix naming the instances it trusts, and its key added to each of their
 * rows (federation both ways). Nothing is written: the combined registry is validated in memory, as
 * if it were the registry file.
 *
 * @param errors what is wrong with the input itself (no partner, no key, a trusted instance that
 *     does not exist or is disabled), with paths into the input ({@code $.trust[1]})
 */
record PartnerRegistry(
    RegistryDocument current,
    RegistryDocument combined,
    String key,
    String code,
    ObjectNode partner,
    List<String> trust,
    List<Finding> errors) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static PartnerRegistry of(
      RegistryReader reader, RegistryDocument current, ProvisionPartnerInput input) {
    List<Finding> errors = new ArrayList<>();
    JsonNode entry = input.partner() == null ? null : JSON.valueToTree(input.partner());
    if (!(entry instanceof ObjectNode partner)) {
      errors.add(
          new Finding(
              "$.partner",
              "partner-missing",
              "no partner entry: give the instance entry as it stands under instances.<key> in a"
                  + " DIVE registry"));
      return new PartnerRegistry(current, current, null, null, null, List.of(), errors);
    }
    String code = partner.path("code").isTextual() ? partner.get("code").asText() : null;
    String key = input.resolvedKey();
    if (key == null) {
      errors.add(
          new Finding("$.key", "partner-key-missing", "no key given and the partner has no code"));
      return new PartnerRegistry(current, current, null, code, partner, List.of(), errors);
    }
    List<String> trust = trust(current.model(), key, input.trust(), errors);

    ObjectNode json = current.json().deepCopy();
    object(json, "instances").set(key, partner);
    ObjectNode matrix = object(object(json, "federation"), "matrix");
    ArrayNode row = matrix.putArray(key);
    trust.forEach(row::add);
    for (String trusted : trust) {
      JsonNode theirs = matrix.get(trusted);
      ArrayNode back = theirs instanceof ArrayNode a ? a : matrix.putArray(trusted);
      if (!contains(back, key)) {
        back.add(key);
      }
    }
    return new PartnerRegistry(
        current, reader.document(current.file(), json), key, code, partner, trust, errors);
  }

  /**
   * The instances the partner federates with: those asked for, each checked, else every enabled
   * instance, in the registry's order.
   */
  private static List<String> trust(
      Optional<FederationRegistry> registry, String key, List<String> asked, List<Finding> errors) {
    Map<String, Instance> instances = registry.map(FederationRegistry::instances).orElse(Map.of());
    if (asked == null) {
      return instances.entrySet().stream()
          .filter(e -> e.getValue().enabled() && !e.getKey().equals(key))
          .map(Map.Entry::getKey)
          .toList();
    }
    List<String> trust = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      String name = asked.get(i);
      String path = "$.trust[" + i + "]";
      Instance instance = name == null ? null : instances.get(name);
      if (key.equals(name)) {
        errors.add(new Finding(path, "trust-self", "'" + name + "' is the partner itself"));
      } else if (instance == null) {
        errors.add(
            new Finding(
                path,
                "trust-unknown-instance",
                "'"
                    + name
                    + "' is not an instance of the registry (known: "
                    + String.join(", ", instances.keySet())
                    + ")"));
      } else if (!instance.enabled()) {
        errors.add(
            new Finding(
                path,
                "trust-disabled-instance",
                "instance '" + name + "' is disabled: no federation with it can work"));
      } else if (!trust.contains(name)) {
        trust.add(name);
      }
    }
    return List.copyOf(trust);
  }

  /** The partner as the combined registry's model reads it; empty when its shape is wrong. */
  Optional<Instance> partnerInstance() {
    return key == null
        ? Optional.empty()
        : combined.model().flatMap(registry -> registry.instance(key));
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
  }

  private static boolean contains(ArrayNode array, String value) {
    for (JsonNode element : array) {
      if (value.equals(element.asText())) {
        return true;
      }
    }
    return false;
  }
}
