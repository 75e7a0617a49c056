package io.diveops.api.backup;

/**
 * @param backup a backup id, or {@code latest} for the instance's newest complete backup
 */
public record VerifyBackupInput(String instance, String backup) {
  public VerifyBackupInput {
    backup = backup == null || backup.isBlank() ? "latest" : backup;
  }
}
