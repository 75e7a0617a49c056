package io.diveops.activities.keycloak;

import java.util.Locale;
import java.util.Objects;

/**
 * The confidential client a partner instance logs its users in through: it lives in this realm and
 * the partner's identity provider for this nation uses it.
 *
 * @param homeKey the instance that uses the client (its users' logins start there)
 * @param redirectUri the home broker's endpoint for this realm's identity provider
 * @param secret the client's secret; redacted by {@link #toString()}
 */
public record FederationClient(String homeKey, String redirectUri, String secret) {

  public FederationClient {
    Objects.requireNonNull(homeKey, "homeKey");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(secret, "secret");
  }

  /** As DIVE names it: {@code dive-v3-usa-federation} for the client USA's broker uses. */
  public static String clientId(String homeKey) {
    return "dive-v3-" + homeKey.toLowerCase(Locale.ROOT) + "-federation";
  }

  public String clientId() {
    return clientId(homeKey);
  }

  @Override
  public String toString() {
    return "FederationClient[homeKey="
        + homeKey
        + ", redirectUri="
        + redirectUri
        + ", secret="
        + Redaction.mask(secret)
        + "]";
  }
}
