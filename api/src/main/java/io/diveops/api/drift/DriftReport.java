package io.diveops.api.drift;

import java.util.List;
import java.util.Map;

/**
 * The drift report of a run.
 *
 * @param summary identical differences grouped across instances, most severe first
 * @param ignored per ignore rule id, how many items it hid in all
 * @param reason why a {@code REJECTED} run was refused; null otherwise
 * @param reconciled with {@code reconcile}, what was done or refused per instance; {@link #items}
 *     are then what a detection found after it
 */
public record DriftReport(
    List<String> instances,
    DriftVerdict verdict,
    List<DriftItem> items,
    List<DriftGroup> summary,
    Map<String, Integer> ignored,
    String reason,
    long durationMs,
    List<ReconcileStep> reconciled) {
  public DriftReport {
    reconciled = reconciled == null ? List.of() : List.copyOf(reconciled);
    instances = instances == null ? List.of() : List.copyOf(instances);
    items = items == null ? List.of() : List.copyOf(items);
    summary = summary == null ? List.of() : List.copyOf(summary);
    ignored = ignored == null ? Map.of() : Map.copyOf(ignored);
  }

  /** A detection's report: nothing reconciled. */
  public DriftReport(
      List<String> instances,
      DriftVerdict verdict,
      List<DriftItem> items,
      List<DriftGroup> summary,
      Map<String, Integer> ignored,
      String reason,
      long durationMs) {
    this(instances, verdict, items, summary, ignored, reason, durationMs, List.of());
  }
}
