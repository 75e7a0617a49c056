package io.diveops.activities.keycloak;

/**
 * One way a running realm differs from what {@link FederationSetup#apply} would make it: what apply
 * would change, found without changing anything. Never holds a secret value.
 *
 * @param resource e.g. {@code idp gbr-federation}, {@code client dive-v3-usa-federation}
 * @param path e.g. {@code config.validateSignature}, {@code mappers.clearance}, {@code
 *     redirectUris}
 * @param weakensSecurity an IdP not in the registry, signature validation off, a redirect URI not
 *     generated, a client's flows opened, a nation's pin lost
 */
public record RealmDifference(
    String resource,
    String path,
    Kind kind,
    String desired,
    String actual,
    boolean weakensSecurity) {

  public enum Kind {
    MISSING,
    EXTRA,
    CHANGED
  }
}
