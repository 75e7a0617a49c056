package io.diveops.api.backup;

import java.util.List;

/**
 * What retention kept and what it deleted (or, in a dry run, would delete), each with the reason.
 */
public record RetentionReport(
    String instance,
    boolean dryRun,
    List<Decision> kept,
    List<Decision> deleted,
    List<String> sweptStaging) {
  public RetentionReport {
    kept = List.copyOf(kept);
    deleted = List.copyOf(deleted);
    sweptStaging = List.copyOf(sweptStaging);
  }

  public record Decision(String id, String reason) {}
}
