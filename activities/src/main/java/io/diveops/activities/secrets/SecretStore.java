package io.diveops.activities.secrets;

import java.util.List;

/**
 * Resolves the secret names the registry holds into values, inside activities only: secret values
 * never enter workflow inputs, results, history or logs. GCP Secret Manager in production; a local
 * directory for the sandbox.
 */
public interface SecretStore {

  /** The value of a secret, or an exception naming the secret (never its value) when absent. */
  String resolve(String name);

  /** Creates the secret with a fresh random value unless it exists; returns the value. */
  String ensure(String name);

  // The defaults describe a store that keeps one value per secret, as version "1".

  /**
   * The version {@link #resolve(String)} reads now, so a container can be started with, and
   * labelled with, a pinned version rather than "latest".
   */
  default String version(String name) {
    resolve(name);
    return "1";
  }

  /** The value of one version of a secret; errors name the secret and the version. */
  default String resolve(String name, String version) {
    if (!"1".equals(version)) {
      throw new IllegalStateException("secret '" + name + "' has no version '" + version + "'");
    }
    return resolve(name);
  }

  /**
   * Every version of a secret, oldest first; empty when the secret does not exist (the default, for
   * stores that cannot list, reads the one version and fails as {@link #version(String)} does).
   */
  default List<StoredVersion> versions(String name) {
    return List.of(new StoredVersion(name, version(name), "ENABLED"));
  }

  /** The names of the secrets in the store (empty: the store cannot list them). */
  default List<String> names() {
    return List.of();
  }

  /**
   * Destroys the secret and every version of it; nothing when it does not exist. Used only for
   * secrets a run created itself (a provisioning compensated), never for ones it found.
   */
  default void destroy(String name) {
    throw new UnsupportedOperationException("this secret store cannot destroy '" + name + "'");
  }

  /**
   * Disables every enabled version of the secret, so nothing can read it, while the store keeps it
   * (an instance taken out without purge can be brought back); nothing when it does not exist.
   *
   * @return whether the secret existed
   */
  default boolean disable(String name) {
    throw new UnsupportedOperationException("this secret store cannot disable '" + name + "'");
  }

  /** One version of a secret as the store keeps it: never its value. */
  record StoredVersion(String name, String version, String state) {}
}
