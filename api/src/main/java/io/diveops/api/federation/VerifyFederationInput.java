package io.diveops.api.federation;

import java.util.List;

/**
 * @param instances registry keys whose pairs are verified (both directions among them); null or
 *     empty means every enabled instance
 */
public record VerifyFederationInput(List<String> instances) {
  public VerifyFederationInput {
    instances = instances == null ? List.of() : List.copyOf(instances);
  }
}
