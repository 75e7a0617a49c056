package io.diveops.api.backup;

/**
 * @param instance the registry key, e.g. {@code usa}
 * @param retention {@code apply} (default) deletes what the policy no longer keeps, {@code dry-run}
 *     lists it only, {@code skip} leaves the store alone (a restore's checkpoint backup)
 */
public record BackupInput(String instance, String retention) {
  public static final String APPLY = "apply";
  public static final String DRY_RUN = "dry-run";
  public static final String SKIP = "skip";

  public BackupInput {
    retention = retention == null || retention.isBlank() ? APPLY : retention;
  }

  public static BackupInput of(String instance) {
    return new BackupInput(instance, APPLY);
  }
}
