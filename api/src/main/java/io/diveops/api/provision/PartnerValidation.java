package io.diveops.api.provision;

import io.diveops.api.registry.Finding;
import java.util.List;

/**
 * Whether a partner may be provisioned: every error at once, each naming its JSON path (in the
 * registry the partner would join, or in the input: {@code $.trust[1]}) and the rule.
 *
 * @param key the key the partner would get (null when the input names none and has no code)
 * @param trust the instances it would federate with, as resolved (the enabled ones when none asked)
 * @param release the release its stack would run (null when none can be chosen)
 */
public record PartnerValidation(
    String key,
    String code,
    List<String> trust,
    String release,
    List<Finding> errors,
    List<Finding> warnings) {

  public PartnerValidation {
    trust = trust == null ? List.of() : List.copyOf(trust);
    errors = errors == null ? List.of() : List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public boolean valid() {
    return errors.isEmpty();
  }
}
