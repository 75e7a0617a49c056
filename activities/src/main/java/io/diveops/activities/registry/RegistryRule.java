package io.diveops.activities.registry;

import io.diveops.api.registry.Finding;
import java.util.List;

/** A rule the JSON Schema cannot express. Rules see the typed model and the raw JSON. */
public interface RegistryRule {

  /** Errors: the registry must not be used until they are fixed. */
  List<Finding> errors(FederationRegistry registry, RegistryDocument document);

  /** Warnings: worth an operator's look, but nothing is blocked. */
  default List<Finding> warnings(FederationRegistry registry, RegistryDocument document) {
    return List.of();
  }
}
