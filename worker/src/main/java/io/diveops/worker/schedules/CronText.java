package io.diveops.worker.schedules;

import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A schedule's times as cron text again: the server stores a cron expression as a structured
 * calendar, and operators read cron.
 */
final class CronText {
  private CronText() {}

  static String of(ScheduleSpec spec) {
    if (!spec.getCronExpressions().isEmpty()) {
      return String.join("; ", spec.getCronExpressions());
    }
    return spec.getCalendars().stream().map(CronText::of).collect(Collectors.joining("; "));
  }

  private static String of(ScheduleCalendarSpec c) {
    return String.join(
        " ",
        field(c.getMinutes(), 0, 59),
        field(c.getHour(), 0, 23),
        field(c.getDayOfMonth(), 1, 31),
        field(c.getMonth(), 1, 12),
        field(c.getDayOfWeek(), 0, 6));
  }

  private static String field(List<ScheduleRange> ranges, int min, int max) {
    if (ranges.isEmpty()) {
      return String.valueOf(min);
    }
    if (ranges.size() == 1
        && ranges.get(0).getStart() == min
        && end(ranges.get(0)) == max
        && step(ranges.get(0)) == 1) {
      return "*";
    }
    return ranges.stream()
        .map(
            r -> {
              int end = end(r);
              String text =
                  end == r.getStart() ? String.valueOf(r.getStart()) : r.getStart() + "-" + end;
              return step(r) > 1 ? text + "/" + step(r) : text;
            })
        .collect(Collectors.joining(","));
  }

  // The server's convention: an end before the start means "just the start"; a step of 0 means 1.
  private static int end(ScheduleRange r) {
    return Math.max(r.getEnd(), r.getStart());
  }

  private static int step(ScheduleRange r) {
    return Math.max(r.getStep(), 1);
  }
}
