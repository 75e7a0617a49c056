package io.diveops.activities.keycloak;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Another nation's broker realm that this instance trusts as an OIDC identity provider.
 *
 * @param issuerBaseUrl the partner realm's issuer as browsers see it, e.g. {@code
 *     http://127.0.0.1:18080/realms/dive-v3-broker}: the authorization and logout endpoints
 * @param backChannelBaseUrl the same realm as this instance's Keycloak reaches it over the
 *     federation network, e.g. {@code http://dive-v3-keycloak-usa:8080/realms/dive-v3-broker}: the
 *     token, userinfo and JWKS endpoints
 * @param clientId the client registered for this instance in the partner's realm
 * @param clientSecret that client's secret; redacted by {@link #toString()}
 */
public record PartnerIdp(
    String instanceKey,
    String countryCode,
    String displayName,
    String issuerBaseUrl,
    String backChannelBaseUrl,
    String clientId,
    String clientSecret) {

  public PartnerIdp {
    Objects.requireNonNull(instanceKey, "instanceKey");
    Objects.requireNonNull(countryCode, "countryCode");
    Objects.requireNonNull(issuerBaseUrl, "issuerBaseUrl");
    Objects.requireNonNull(backChannelBaseUrl, "backChannelBaseUrl");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  /** The identity provider's alias at home, as DIVE names it: {@code fra-federation}. */
  public static String alias(String partnerKey) {
    return partnerKey.toLowerCase(Locale.ROOT) + "-federation";
  }

  /** The mappers every partner's IdP gets: name → Keycloak mapper type, in the order made. */
  public static Map<String, String> mapperTypes() {
    return IdentityProviderTemplate.mapperTypes();
  }

  public String alias() {
    return alias(instanceKey);
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
        + ", backChannelBaseUrl="
        + backChannelBaseUrl
        + ", clientId="
        + clientId
        + ", clientSecret="
        + Redaction.mask(clientSecret)
        + "]";
  }
}
