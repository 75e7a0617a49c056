package io.diveops.activities.stack;

import io.diveops.activities.secrets.SecretStore;

/** A store whose every secret is "value-of-<name>": tests see which secret went where. */
public final class NamedSecrets implements SecretStore {
  @Override
  public String resolve(String name) {
    return "value-of-" + name;
  }

  @Override
  public String ensure(String name) {
    return resolve(name);
  }
}
