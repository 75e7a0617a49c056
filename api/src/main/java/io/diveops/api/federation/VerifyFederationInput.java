package io.diveops.api.federation;

import java.util.List;

/**
 * @param instances registry keys whose pairs are verified (both directions among them); null or
 *     empty means every enabled instance
 * @param pair when set, only this ordered pair is verified (its two instances must be enabled and
 *     federated); {@code instances} is then ignored
 */
public record VerifyFederationInput(List<String> instances, FederationPair pair) {
  public VerifyFederationInput {
    instances = instances == null ? List.of() : List.copyOf(instances);
  }

  public static VerifyFederationInput all() {
    return new VerifyFederationInput(List.of(), null);
  }
}
