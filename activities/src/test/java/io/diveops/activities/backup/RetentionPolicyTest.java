package io.diveops.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.backup.RetentionPolicy.Candidate;
import io.diveops.api.backup.BackupStatus;
import io.diveops.api.backup.RetentionReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");

  /** Two backups a day (02:00 and 14:00) for 60 days. */
  static List<Candidate> sixtyDays(BackupStatus status) {
    List<Candidate> all = new ArrayList<>();
    for (int day = 0; day < 60; day++) {
      for (int hour : new int[] {2, 14}) {
        Instant at =
            Instant.parse("2026-11-26T00:00:00Z")
                .minus(Duration.ofDays(day))
                .plus(Duration.ofHours(hour));
        if (at.isBefore(NOW)) {
          all.add(new Candidate("b" + at.getEpochSecond(), at, status));
        }
      }
    }
    return all;
  }

  @Test
  void keepsTheLastDayTheNewestOfSevenDaysAndOfEachWeekForThirtyDays() {
    RetentionReport report =
        RetentionPolicy.SEED.decide("usa", sixtyDays(BackupStatus.COMPLETE), NOW, false);
    List<String> reasons = report.kept().stream().map(RetentionReport.Decision::reason).toList();
    // 26 Nov 02:00 and 25 Nov 14:00 are younger than a day; 24-20 Nov keep their newest as dailies:
    // seven days covered.
    assertThat(reasons.stream().filter(r -> r.startsWith("younger"))).hasSize(2);
    assertThat(reasons.stream().filter(r -> r.startsWith("daily"))).hasSize(5);
    assertThat(reasons.stream().filter(r -> r.startsWith("weekly")).count()).isBetween(3L, 4L);
    assertThat(report.kept().size() + report.deleted().size())
        .isEqualTo(sixtyDays(BackupStatus.COMPLETE).size());
    Instant oldestKept =
        report.kept().stream()
            .map(d -> Instant.ofEpochSecond(Long.parseLong(d.id().substring(1))))
            .min(Instant::compareTo)
            .orElseThrow();
    assertThat(Duration.between(oldestKept, NOW)).isLessThan(Duration.ofDays(30));
  }

  @Test
  void neverDeletesTheNewestVerifiedBackupWhateverItsAge() {
    List<Candidate> backups = new ArrayList<>(sixtyDays(BackupStatus.COMPLETE));
    Candidate old =
        new Candidate(
            "verified-long-ago", Instant.parse("2026-01-01T02:00:00Z"), BackupStatus.VERIFIED);
    backups.add(old);
    backups.add(
        new Candidate(
            "verified-older", Instant.parse("2025-12-01T02:00:00Z"), BackupStatus.VERIFIED));
    RetentionReport report = RetentionPolicy.SEED.decide("usa", backups, NOW, false);
    assertThat(report.kept())
        .contains(new RetentionReport.Decision("verified-long-ago", "newest verified backup"));
    assertThat(report.deleted())
        .extracting(RetentionReport.Decision::id)
        .contains("verified-older");
  }

  @Test
  void anEmptyStoreKeepsAndDeletesNothing() {
    RetentionReport report = RetentionPolicy.SEED.decide("usa", List.of(), NOW, true);
    assertThat(report.kept()).isEmpty();
    assertThat(report.deleted()).isEmpty();
    assertThat(report.dryRun()).isTrue();
  }
}
