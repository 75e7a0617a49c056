package io.diveops.api.federation;

import com.fasterxml.jackson.annotation.JsonValue;

/** The steps of one brokered login, in order; a failed pair names the first that failed. */
public enum FederationStep {
  /** Home's broker sends the browser on to the partner's identity provider. */
  HOME_REDIRECT("home-redirect"),
  /** The partner's login form is served. */
  PARTNER_LOGIN_PAGE("partner-login-page"),
  /** The partner accepts the test user's credentials and sends the browser back home. */
  PARTNER_CREDENTIALS("partner-credentials"),
  /** Home exchanges the partner's code for tokens over the back channel and logs the user in. */
  BACK_CHANNEL_TOKEN("back-channel-token"),
  /** Home's own code is exchanged for home's tokens (PKCE). */
  CODE_EXCHANGE("code-exchange"),
  /** Home's token carries the DIVE claims the partner's user has (a missing mapper or claim). */
  CLAIMS("claims"),
  /** Home's resource API accepts the token. */
  TOKEN_ACCEPTED("token-accepted"),
  /** OPA allows the releasable resource and denies the one that is not. */
  OPA_DECISION("opa-decision");

  private final String word;

  FederationStep(String word) {
    this.word = word;
  }

  @JsonValue
  public String word() {
    return word;
  }
}
