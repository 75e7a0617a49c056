package io.diveops.api;

/**
 * The ids of the Temporal Schedules DIVE Ops owns, in one place: the worker applies them, and a
 * provisioning plan names the ones a new instance gets.
 */
public final class ScheduleIds {
  /** Every schedule DIVE Ops owns starts with it; operators' own schedules are left alone. */
  public static final String PREFIX = "dive-ops-";

  /** The one federation check: every pair of the enabled instances at the time it runs. */
  public static final String VERIFY_FEDERATION = PREFIX + "verify-federation";

  /** The one drift check: every enabled instance at the time it runs. */
  public static final String DETECT_DRIFT = PREFIX + "detect-drift";

  private ScheduleIds() {}

  /** The daily backup of an instance. */
  public static String backup(String instance) {
    return PREFIX + "backup-" + instance;
  }

  /** The weekly restore test of an instance's latest backup. */
  public static String verifyBackup(String instance) {
    return PREFIX + "verify-backup-" + instance;
  }
}
