package io.diveops.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupIdsTest {
  private static final long AT = Instant.parse("2026-11-26T02:00:00.042Z").toEpochMilli();

  @Test
  void runsInTheSameMillisecondGetDistinctIds() {
    String a = BackupIds.unique(AT, "3f9a1c2e-0000-4000-8000-000000000001");
    String b = BackupIds.unique(AT, "7b00d4aa-0000-4000-8000-000000000001");
    assertThat(a).isEqualTo("20261126T020000Z-042-3f9a1c2e");
    assertThat(b).isNotEqualTo(a);
  }

  @Test
  void oldSecondOnlyIdsAndNewIdsSortByTime() {
    String old = BackupIds.at(AT - 1000);
    String sameSecondOld = BackupIds.at(AT);
    String early = BackupIds.unique(AT - 30, "ffffffff");
    String late = BackupIds.unique(AT + 900, "00000000");
    String next = BackupIds.unique(AT + 1000, "00000000");
    List<String> sorted = new ArrayList<>(List.of(next, late, early, sameSecondOld, old));
    sorted.sort(null);
    assertThat(sorted).containsExactly(old, sameSecondOld, early, late, next);
  }
}
