package io.diveops.workflows.drift;

import io.diveops.api.drift.DetectDriftInput;
import io.diveops.api.drift.DetectDriftWorkflow;
import io.diveops.api.drift.DriftActivities;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftGroup;
import io.diveops.api.drift.DriftItem;
import io.diveops.api.drift.DriftReport;
import io.diveops.api.drift.DriftVerdict;
import io.diveops.api.drift.InstanceDrift;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One read-only detection per instance, all at once; the items, the same difference on several
 * instances grouped, and a verdict that is never "in sync" when something could not be read.
 * Reconcile is not built yet: such a run is refused before it reads anything.
 */
public class DetectDriftWorkflowImpl implements DetectDriftWorkflow {
  static final String ALERT_CHANGE = "drift-alerts";
  static final String NOT_BUILT = "reconcile is not built yet: run without --reconcile";

  @Override
  public DriftReport detect(DetectDriftInput input) {
    long started = Workflow.currentTimeMillis();
    Runbooks.tagRun(TYPE);
    if (Boolean.TRUE.equals(input.reconcile())) {
      return new DriftReport(
          input.instances(), DriftVerdict.REJECTED, List.of(), List.of(), Map.of(), NOT_BUILT, 0);
    }
    DriftActivities drift = Workflow.newActivityStub(DriftActivities.class);
    List<String> instances = drift.driftInstances(input);
    if (!instances.isEmpty()) {
      Runbooks.tagInstance(String.join(",", instances));
    }

    Map<String, Promise<InstanceDrift>> running = new LinkedHashMap<>();
    instances.forEach(key -> running.put(key, Async.function(drift::detectInstance, key)));

    List<DriftItem> items = new ArrayList<>();
    Map<String, Integer> ignored = new TreeMap<>();
    List<String> resolved = new ArrayList<>();
    running.forEach(
        (key, detection) -> {
          try {
            InstanceDrift found = detection.get();
            items.addAll(found.items());
            resolved.addAll(found.resolved());
            found.ignored().forEach((rule, count) -> ignored.merge(rule, count, Integer::sum));
          } catch (ActivityFailure e) {
            items.add(DriftItem.unknown(key, "instance " + key, Runbooks.reason(e)));
          }
        });
    // Runs recorded before alerts existed replay without them.
    if (Workflow.getVersion(ALERT_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
      DriftAlerts.send(items, resolved);
    }
    return new DriftReport(
        instances,
        verdict(items),
        items,
        summary(items),
        ignored,
        null,
        Workflow.currentTimeMillis() - started);
  }

  static DriftVerdict verdict(List<DriftItem> items) {
    if (items.stream().anyMatch(i -> i.category() != DriftCategory.UNKNOWN)) {
      return DriftVerdict.DRIFT;
    }
    return items.isEmpty() ? DriftVerdict.IN_SYNC : DriftVerdict.UNKNOWN;
  }

  /** Items equal but for their instance become one group; most severe first. */
  static List<DriftGroup> summary(List<DriftItem> items) {
    Map<List<Object>, List<DriftItem>> groups = new LinkedHashMap<>();
    for (DriftItem item : items) {
      List<Object> same =
          java.util.Arrays.asList(
              item.resource().replace(item.instance(), "<instance>"),
              item.path(),
              item.category(),
              item.severity(),
              Objects.toString(item.desired(), ""),
              Objects.toString(item.actual(), ""));
      groups.computeIfAbsent(same, k -> new ArrayList<>()).add(item);
    }
    List<DriftGroup> summary = new ArrayList<>();
    groups.forEach(
        (same, members) -> {
          DriftItem first = members.get(0);
          summary.add(
              new DriftGroup(
                  (String) same.get(0),
                  first.path(),
                  first.category(),
                  first.severity(),
                  first.desired(),
                  first.actual(),
                  members.stream().map(DriftItem::instance).distinct().sorted().toList()));
        });
    summary.sort(
        Comparator.comparing((DriftGroup g) -> g.severity().ordinal())
            .reversed()
            .thenComparing(g -> -g.instances().size()));
    return summary;
  }
}
