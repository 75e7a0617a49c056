package io.diveops.api.federation;

/** A user of {@code partner} logs in at {@code home} through the partner's identity provider. */
public record FederationPair(String home, String partner) {
  @Override
  public String toString() {
    return home + "<-" + partner;
  }
}
