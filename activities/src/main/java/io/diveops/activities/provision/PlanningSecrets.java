package io.diveops.activities.provision;

import io.diveops.activities.secrets.SecretStore;

/**
 * A stand-in secret store for planning: the stack's and the realm's specs are made by the code that
 * makes them for real, which resolves every secret they use. A plan needs their names, images and
 * ports, never a value, and its secrets do not exist yet: each resolves to a placeholder here, and
 * nothing can be created.
 */
final class PlanningSecrets implements SecretStore {
  static final String PLACEHOLDER = "planned";

  @Override
  public String resolve(String name) {
    return PLACEHOLDER;
  }

  @Override
  public String version(String name) {
    return PLACEHOLDER;
  }

  @Override
  public String resolve(String name, String version) {
    return PLACEHOLDER;
  }

  @Override
  public String ensure(String name) {
    throw new UnsupportedOperationException("a plan creates no secret: " + name);
  }
}
