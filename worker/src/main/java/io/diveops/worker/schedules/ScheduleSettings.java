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
 */
public record ScheduleSettings(
    String taskQueue,
    String backupCron,
    String verifyCron,
    String federationCron,
    Duration catchupWindow) {}
