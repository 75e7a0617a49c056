package io.diveops.activities.keycloak;

import java.util.List;
import java.util.Objects;

/**
 * Everything that differs between one nation's DIVE V3 broker realm and another's.
 *
 * <p>{@code partners} are the nations whose users log in here (one identity provider each); {@code
 * federationClients} are the nations whose brokers send this realm's users home (one client each).
 *
 * @param clientSecret the resolved secret value; the rendered realm file is written to local disk
 *     only, and {@link #toString()} redacts it
 */
public record RealmSpec(
    String realm,
    String instanceKey,
    String countryCode,
    String displayName,
    String clientId,
    String clientSecret,
    List<String> redirectUris,
    List<TestUser> testUsers,
    List<PartnerIdp> partners,
    List<FederationClient> federationClients) {

  public RealmSpec {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(instanceKey, "instanceKey");
    Objects.requireNonNull(countryCode, "countryCode");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    redirectUris = List.copyOf(Objects.requireNonNull(redirectUris, "redirectUris"));
    testUsers = testUsers == null ? List.of() : List.copyOf(testUsers);
    partners = partners == null ? List.of() : List.copyOf(partners);
    federationClients = federationClients == null ? List.of() : List.copyOf(federationClients);
  }

  @Override
  public String toString() {
    // The nested records redact their own secrets, so printing the lists is safe.
    return "RealmSpec[realm="
        + realm
        + ", instanceKey="
        + instanceKey
        + ", countryCode="
        + countryCode
        + ", displayName="
        + displayName
        + ", clientId="
        + clientId
        + ", clientSecret="
        + Redaction.mask(clientSecret)
        + ", redirectUris="
        + redirectUris
        + ", testUsers="
        + testUsers
        + ", partners="
        + partners
        + ", federationClients="
        + federationClients
        + "]";
  }
}
