package io.diveops.workflows.drift;

import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.Severity;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import io.diveops.workflows.alert.RunbookAlerts;
import java.util.List;

/**
 * One alert when an item first appears, one when it is resolved, none while it persists, through
 * the instance's alert group (a run's many items on one instance become one message). Items that
 * could not be read are not alerted: the watchers page for an unreachable engine or Keycloak. A
 * failure to alert never changes the report.
 */
final class DriftAlerts {
  private DriftAlerts() {}

  static void send(List<DriftItem> items, List<String> resolved) {
    for (DriftItem item : items) {
      if (firstSeenNow(item) && item.category() != DriftCategory.UNKNOWN) {
        enqueue(
            item.key(),
            item.severity(),
            AlertStatus.FIRING,
            "drift: "
                + item.category().label()
                + " "
                + item.resource()
                + (item.path().isEmpty() ? "" : " " + item.path())
                + (item.desired() == null ? "" : ", desired " + item.desired())
                + (item.actual() == null ? "" : ", actual " + item.actual())
                + (item.source() == null ? "" : " (" + item.source() + ")"));
      }
    }
    for (String key : resolved) {
      enqueue(key, Severity.INFO, AlertStatus.RESOLVED, "drift resolved: " + key);
    }
  }

  /** Reported for the first time by this run (first seen is this run's last seen). */
  private static boolean firstSeenNow(DriftItem item) {
    return item.firstSeen() != null && item.firstSeen().equals(item.lastSeen());
  }

  private static void enqueue(String key, Severity severity, AlertStatus status, String summary) {
    RunbookAlerts.send(
        key.substring(0, key.indexOf('|')), "drift", "drift|" + key, severity, status, summary);
  }
}
