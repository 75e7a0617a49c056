package io.diveops.workflows.drift;

import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployInstanceWorkflow;
import io.diveops.api.deploy.DeployOutcome;
import io.diveops.api.deploy.DeployResult;
import io.diveops.api.drift.DetectDriftInput;
import io.diveops.api.drift.DetectDriftWorkflow;
import io.diveops.api.drift.DriftActivities;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftGroup;
import io.diveops.api.drift.DriftItem;
import io.diveops.api.drift.DriftReport;
import io.diveops.api.drift.DriftVerdict;
import io.diveops.api.drift.InstanceDrift;
import io.diveops.api.drift.ReconcileStep;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.lock.InstanceLock;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One read-only detection per instance, all at once; the items, the same difference on several
 * instances grouped, and a verdict that is never "in sync" when something could not be read. With
 * {@code reconcile}, each instance's reported plan ({@link ReconcilePlan}) is carried out through
 * the paths that already exist, and a last detection says what is left.
 */
public class DetectDriftWorkflowImpl implements DetectDriftWorkflow {
  static final String ALERT_CHANGE = "drift-alerts";
  static final String RECONCILE_CHANGE = "drift-reconcile";
  static final Duration LOCK_WAIT = Duration.ofMinutes(10);

  private final DriftActivities drift = Workflow.newActivityStub(DriftActivities.class);
  private InstanceLock lock;

  /** What runs recorded before reconcile existed answered (kept for their replay). */
  static final String NOT_BUILT = "reconcile is not built yet: run without --reconcile";

  @Override
  public DriftReport detect(DetectDriftInput input) {
    long started = Workflow.currentTimeMillis();
    Runbooks.tagRun(TYPE);
    boolean reconcile = Boolean.TRUE.equals(input.reconcile());
    // Runs recorded before reconcile existed refused it before reading anything.
    if (reconcile
        && Workflow.getVersion(RECONCILE_CHANGE, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return new DriftReport(
          input.instances(), DriftVerdict.REJECTED, List.of(), List.of(), Map.of(), NOT_BUILT, 0);
    }
    List<String> instances = drift.driftInstances(input);
    if (!instances.isEmpty()) {
      Runbooks.tagInstance(String.join(",", instances));
    }
    Detection found = detectAll(instances);
    if (!reconcile || found.verdict() == DriftVerdict.IN_SYNC) {
      return found.report(instances, started, List.of());
    }

    List<ReconcileStep> steps = new ArrayList<>();
    for (String key : instances) {
      List<DriftItem> mine = found.of(key);
      if (!mine.isEmpty()) {
        reconcileInstance(key, mine, steps);
      }
    }
    return detectAll(instances).report(instances, started, steps);
  }

  /**
   * Exactly the reported plan for one instance: refused when a second detection differs from the
   * report (someone changed it meanwhile: the plan would act on what nobody has seen), else the
   * containers through DeployInstance (which takes the instance lock itself), then the realm and
   * OPA under the instance lock.
   */
  private void reconcileInstance(String key, List<DriftItem> reported, List<ReconcileStep> steps) {
    List<DriftItem> now = drift.detectInstance(key).items();
    if (!differences(now).equals(differences(reported))) {
      steps.add(
          new ReconcileStep(
              key,
              "compare with the report",
              "REFUSED: the live state changed since the report; detect again and review it",
              changed(reported, now)));
      return;
    }
    ReconcilePlan plan = ReconcilePlan.of(reported);
    if (!plan.left().isEmpty()) {
      steps.add(new ReconcileStep(key, "not reconciled", "SKIPPED", plan.left()));
    }
    if (plan.deploy()) {
      steps.add(redeploy(key));
    }
    if (!plan.realm() && !plan.opa()) {
      return;
    }
    lock = new InstanceLock(key);
    Optional<String> blocker = lock.acquire(LOCK_WAIT);
    if (blocker.isPresent()) {
      steps.add(
          new ReconcileStep(
              key,
              "take the instance lock",
              "REFUSED: " + key + " stayed locked by " + blocker.get() + " for " + LOCK_WAIT,
              List.of()));
      return;
    }
    try {
      if (plan.realm()) {
        steps.add(
            change(
                key, "realm re-applied", () -> drift.reconcileRealm(key, plan.extraProviders())));
      }
      if (plan.opa()) {
        steps.add(change(key, "OPA policy put back", () -> drift.reconcileOpa(key)));
      }
    } finally {
      lock.release();
    }
  }

  /** DeployInstance of the release the instance is recorded at, as a child run. */
  private ReconcileStep redeploy(String key) {
    String release = drift.currentRelease(key);
    if (release == null) {
      return new ReconcileStep(
          key, "DeployInstance", "SKIPPED: the instance has no current release", List.of());
    }
    String action = "DeployInstance " + release;
    DeployInstanceWorkflow deploy =
        Workflow.newChildWorkflowStub(
            DeployInstanceWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-deploy-" + key)
                .build());
    try {
      DeployResult result = deploy.deploy(new DeployInput(key, release, null, false));
      boolean done =
          result.outcome() == DeployOutcome.DEPLOYED || result.outcome() == DeployOutcome.NO_CHANGE;
      return new ReconcileStep(
          key,
          action,
          (done ? "DONE: " : "FAILED: ") + result.outcome(),
          result.failure() == null ? List.of() : List.of(result.failure()));
    } catch (ChildWorkflowFailure e) {
      return new ReconcileStep(key, action, "FAILED: " + Runbooks.reason(e), List.of());
    }
  }

  private static ReconcileStep change(
      String key, String action, java.util.function.Supplier<List<String>> step) {
    try {
      return new ReconcileStep(key, action, "DONE", step.get());
    } catch (ActivityFailure e) {
      return new ReconcileStep(key, action, "FAILED: " + Runbooks.reason(e), List.of());
    }
  }

  /** What makes two detections the same: each difference and its values, not when it was seen. */
  private static java.util.Set<String> differences(List<DriftItem> items) {
    java.util.Set<String> set = new java.util.TreeSet<>();
    items.forEach(i -> set.add(i.key() + "|" + i.desired() + "|" + i.actual()));
    return set;
  }

  private static List<String> changed(List<DriftItem> reported, List<DriftItem> now) {
    java.util.Set<String> before = differences(reported);
    java.util.Set<String> after = differences(now);
    List<String> changed = new ArrayList<>();
    after.stream().filter(d -> !before.contains(d)).forEach(d -> changed.add("now: " + d));
    before.stream().filter(d -> !after.contains(d)).forEach(d -> changed.add("gone: " + d));
    return changed;
  }

  @Override
  public void lockState(String instance, String holder) {
    if (lock != null) {
      lock.onLockState(instance, holder);
    }
  }

  /** One read-only detection per instance, all at once; alerts for what appeared or resolved. */
  private Detection detectAll(List<String> instances) {
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
    return new Detection(items, ignored);
  }

  private record Detection(List<DriftItem> items, Map<String, Integer> ignored) {
    DriftVerdict verdict() {
      return DetectDriftWorkflowImpl.verdict(items);
    }

    List<DriftItem> of(String key) {
      return items.stream().filter(i -> i.instance().equals(key)).toList();
    }

    DriftReport report(List<String> instances, long started, List<ReconcileStep> steps) {
      return new DriftReport(
          instances,
          verdict(),
          items,
          summary(items),
          ignored,
          null,
          Workflow.currentTimeMillis() - started,
          steps);
    }
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
