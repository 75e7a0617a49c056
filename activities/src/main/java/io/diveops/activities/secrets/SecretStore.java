package io.diveops.activities.secrets;

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
}
