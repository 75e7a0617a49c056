package io.diveops.activities.keycloak;

/** The one placeholder every record prints in place of a secret, so logs never carry one. */
final class Redaction {

  static final String REDACTED = "<redacted>";

  private Redaction() {}

  /** Shows only whether a secret is set: an empty secret is a common misconfiguration. */
  static String mask(String secret) {
    return secret == null || secret.isEmpty() ? "<empty>" : REDACTED;
  }
}
