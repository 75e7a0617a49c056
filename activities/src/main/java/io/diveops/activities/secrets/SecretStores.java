package io.diveops.activities.secrets;

import java.nio.file.Path;
import java.time.Duration;

/** The secret store a configuration names: {@code file} or {@code gcp:projects/<project>}. */
public final class SecretStores {
  public static final String FILE = "file";
  public static final String GCP_PREFIX = "gcp:projects/";

  /** How long one Secret Manager call may take, retries included. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private SecretStores() {}

  /**
   * @param store {@code file} (the files in {@code secretsDir}) or {@code gcp:projects/<project>}
   * @param secretsDir the file store's directory
   * @param endpoint a plaintext Secret Manager on loopback (tests); empty: Google's
   */
  public static SecretStore open(String store, Path secretsDir, String endpoint) {
    return open(store, secretsDir, endpoint, CALL_TIMEOUT);
  }

  public static SecretStore open(String store, Path secretsDir, String endpoint, Duration timeout) {
    String spec = store == null || store.isBlank() ? FILE : store.strip();
    if (spec.equals(FILE)) {
      return new FileSecretStore(secretsDir);
    }
    if (spec.startsWith(GCP_PREFIX) && spec.length() > GCP_PREFIX.length()) {
      String project = spec.substring(GCP_PREFIX.length());
      if (!project.matches("[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]+")) {
        throw new IllegalArgumentException("not a Google Cloud project id: '" + project + "'");
      }
      return SecretManagerSecretStore.connect(project, endpoint, timeout);
    }
    throw new IllegalArgumentException(
        "secret store '" + spec + "': expected '" + FILE + "' or '" + GCP_PREFIX + "<project>'");
  }

  /** Closes a store that holds a connection (Secret Manager's client); null and files: nothing. */
  public static void close(SecretStore store) {
    if (store instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing a channel cannot lose a secret: nothing to report.
      }
    }
  }
}
