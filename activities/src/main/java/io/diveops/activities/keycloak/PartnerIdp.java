package io.diveops.activities.keycloak;

import java.util.Objects;

/**
 * Another nation's broker realm that this instance trusts as an OIDC identity provider.
 *
 * @param issuerBaseUrl the partner realm's issuer, e.g. {@code
 *     http://127.0.0.1:18080/realms/dive-v3-broker}; the OIDC endpoints are derived from it
 * @param clientId the client registered for this instance in the partner's realm
 * @param clientSecret that client's secret; redacted by {@link #toString()}
 */
public record PartnerIdp(
    String instanceKey,
    String countryCode,
    String displayName,
    String issuerBaseUrl,
    String clientId,
    String clientSecret) {

  public PartnerIdp {
    Objects.requireNonNull(instanceKey, "instanceKey");
    Objects.requireNonNull(countryCode, "countryCode");
    Objects.requireNonNull(issuerBaseUrl, "issuerBaseUrl");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  @Override
  public String toString() {
    return "PartnerIdp[instanceKey="
        + instanceKey
        + ", countryCode="
        + countryCode
        + ", displayName="
        + displayName
        + ", issuerBaseUrl="
        + issuerBaseUrl
        + ", clientId="
        + clientId
        + ", clientSecret="
        + Redaction.mask(clientSecret)
        + "]";
  }
}
