package io.diveops.activities.backup;

import io.diveops.api.backup.BackupStatus;
import io.diveops.api.backup.RetentionReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grandfather-father-son retention, the seed's policy by default: everything from the last day, the
 * newest backup of each of the last 7 days, the newest of each ISO week for 30 days. Whatever its
 * age, the newest VERIFIED backup of an instance is never deleted: it is the one a restore needs.
 */
public record RetentionPolicy(Duration keepAllFor, int dailyDays, Duration weeklyFor) {
  public static final RetentionPolicy SEED =
      new RetentionPolicy(Duration.ofDays(1), 7, Duration.ofDays(30));

  public RetentionPolicy {
    if (keepAllFor.isNegative() || dailyDays < 0 || weeklyFor.isNegative()) {
      throw new IllegalArgumentException(
          "retention: negative values make no sense: "
              + keepAllFor
              + ", "
              + dailyDays
              + ", "
              + weeklyFor);
    }
  }

  public record Candidate(String id, Instant createdAt, BackupStatus status) {}

  /** Sorts backups into kept and deleted, each with the rule that decided. */
  public RetentionReport decide(
      String instance, List<Candidate> backups, Instant now, boolean dryRun) {
    List<Candidate> newestFirst =
        backups.stream().sorted(Comparator.comparing(Candidate::createdAt).reversed()).toList();
    Map<String, String> keep = new LinkedHashMap<>();
    newestFirst.stream()
        .filter(b -> b.status() == BackupStatus.VERIFIED)
        .findFirst()
        .ifPresent(b -> keep.put(b.id(), "newest verified backup"));
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    Set<LocalDate> days = new HashSet<>();
    Set<String> weeks = new HashSet<>();
    for (Candidate b : newestFirst) {
      Duration age = Duration.between(b.createdAt(), now);
      LocalDate day = b.createdAt().atZone(ZoneOffset.UTC).toLocalDate();
      String week =
          day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      if (age.compareTo(keepAllFor) < 0) {
        keep.putIfAbsent(b.id(), "younger than " + keepAllFor.toHours() + " h");
      }
      if (day.isAfter(today.minusDays(dailyDays)) && days.add(day)) {
        keep.putIfAbsent(b.id(), "daily " + day);
      }
      if (age.compareTo(weeklyFor) < 0 && weeks.add(week)) {
        keep.putIfAbsent(b.id(), "weekly " + week);
      }
    }
    List<RetentionReport.Decision> kept = new ArrayList<>();
    List<RetentionReport.Decision> deleted = new ArrayList<>();
    for (Candidate b : newestFirst) {
      String reason = keep.get(b.id());
      if (reason != null) {
        kept.add(new RetentionReport.Decision(b.id(), reason));
      } else {
        deleted.add(
            new RetentionReport.Decision(
                b.id(),
                "outside the policy ("
                    + dailyDays
                    + " daily, weekly for "
                    + weeklyFor.toDays()
                    + " days)"));
      }
    }
    return new RetentionReport(instance, dryRun, kept, deleted, List.of());
  }
}
