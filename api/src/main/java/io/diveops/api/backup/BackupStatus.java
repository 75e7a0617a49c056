package io.diveops.api.backup;

/**
 * How far a backup has been trusted: complete when written, then verified by a restore test, or
 * not.
 */
public enum BackupStatus {
  COMPLETE,
  VERIFIED,
  FAILED_VERIFICATION
}
