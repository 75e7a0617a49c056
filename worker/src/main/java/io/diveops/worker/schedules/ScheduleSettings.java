package io.diveops.worker.schedules;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.springframework.boot.convert.DurationStyle;

/**
 * When the recurring runbooks run. Cron in UTC.
 *
 * @param backupCron the daily backup of every enabled instance (seed: 02:00 UTC)
 * @param verifyCron the weekly restore test of each instance's latest backup
 * @param catchupWindow how late a missed run (server down at 02:00) may still start
 */
public record ScheduleSettings(String taskQueue, String backupCron, String verifyCron, Duration catchupWindow) {
  public static final String DEFAULT_BACKUP_CRON = "0 2 * * *";
  public static final String DEFAULT_VERIFY_CRON = "0 4 * * 0";
  public static final String DEFAULT_CATCHUP = "6h";

  /**
   * The same settings the worker binds ({@code dive-ops.backups.*}), from the same environment
   * variables, for the command line that runs without the worker's configuration.
   */
  public static ScheduleSettings fromEnvironment(UnaryOperator<String> env) {
    return new ScheduleSettings(
        or(env.apply("DIVE_OPS_TASK_QUEUE"), "dive-ops"),
        or(env.apply("DIVE_OPS_BACKUPS_BACKUPCRON"), DEFAULT_BACKUP_CRON),
        or(env.apply("DIVE_OPS_BACKUPS_VERIFYCRON"), DEFAULT_VERIFY_CRON),
        DurationStyle.detectAndParse(or(env.apply("DIVE_OPS_BACKUPS_CATCHUPWINDOW"), DEFAULT_CATCHUP)));
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
