package io.diveops.worker.schedules;

import java.time.Duration;

/**
 * When the recurring runbooks run. Cron in UTC. Bound as {@code dive-ops.backups.*} and {@code
 * dive-ops.federation.*} (defaults there): see {@link ScheduleInstaller#schedules}.
 *
 * @param backupCron the daily backup of every enabled instance
 * @param verifyCron the weekly restore test of each instance's latest backup
 * @param federationCron the daily verification of the whole federation matrix
 * @param catchupWindow how late a missed run (server down at 02:00) may still start
 * @param driftCron the drift check of every enabled instance; null or blank: no drift schedule
 */
public record ScheduleSettings(
    String taskQueue,
    String backupCron,
    String verifyCron,
    String federationCron,
    Duration catchupWindow,
    String driftCron) {

  /** Without a drift schedule. */
  public ScheduleSettings(
      String taskQueue,
      String backupCron,
      String verifyCron,
      String federationCron,
      Duration catchupWindow) {
    this(taskQueue, backupCron, verifyCron, federationCron, catchupWindow, null);
  }
}
