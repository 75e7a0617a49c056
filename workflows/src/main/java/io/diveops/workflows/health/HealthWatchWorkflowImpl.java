package io.diveops.workflows.health;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.api.alert.Severity;
import io.diveops.api.health.HealthActivities;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchStatus;
import io.diveops.api.health.HealthWatchStatus.ServiceWatch;
import io.diveops.api.health.HealthWatchWorkflow;
import io.diveops.api.health.RecoverInput;
import io.diveops.api.health.RecoverOutcome;
import io.diveops.api.health.RecoverServiceWorkflow;
import io.diveops.api.health.ServiceHealth;
import io.diveops.api.lock.LockActivities;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class HealthWatchWorkflowImpl implements HealthWatchWorkflow {
  static final Duration FLAP_MEMORY = RecoverServiceWorkflowImpl.FLAP_WINDOW;
  static final String CHANGE_ID = "self-healing";
  static final int SELF_HEALING = 1;

  /**
   * Failed probes in a row (an engine down, a host unreachable, an instance gone) that page: 30 s
   * at 2 s.
   */
  static final int PROBE_FAILURES_TO_PAGE = 15;

  // A probe that fails (Docker busy) is simply the next probe's business: no long retries.
  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final LockActivities lock = Workflow.newActivityStub(LockActivities.class);

  private final NotifierActivities notifier = Workflow.newActivityStub(NotifierActivities.class);

  private final Map<String, ServiceWatch> services = new LinkedHashMap<>();
  private final Map<String, List<Long>> recent = new HashMap<>();

  /** Open recoveries, per service: since when. */
  private final Map<String, Long> incidents = new LinkedHashMap<>();

  /** Services whose present failure was already handed to a recovery (cleared once healthy). */
  private final Set<String> reported = new HashSet<>();

  /** Services an operator took over by aborting their recovery (cleared once healthy). */
  private final Set<String> handsOff = new LinkedHashSet<>();

  private String instance;
  private boolean paused;
  private boolean provisioned = true;
  private long probes;
  private Long lastProbeAt;
  private String lastAction = "starting";
  private int deferrals;
  private int version = Workflow.DEFAULT_VERSION;
  private int probeFailures;
  private String probeIncident;

  @Override
  public void watch(HealthWatchInput input) {
    instance = input.instance();
    paused = paused || input.paused();
    input
        .recentRecoveries()
        .forEach((service, times) -> recent.put(service, new ArrayList<>(times)));
    incidents.putAll(input.incidents());
    handsOff.addAll(input.handsOff());
    reported.addAll(input.incidents().keySet());
    probeIncident = input.probeIncident();
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(instance);
    version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, SELF_HEALING);
    Duration interval = Duration.ofSeconds(input.intervalSeconds());
    for (int i = 0; i < input.probesPerRun(); i++) {
      if (paused) {
        Workflow.setCurrentDetails(
            "paused: signal resume (runbooks/health-watch.sh " + instance + " resume)");
        Workflow.await(() -> !paused);
      }
      probe(input.threshold());
      Workflow.sleep(interval);
    }
    forgetOld();
    // Only what must survive goes on: recovery times (flapping), open incidents, hands-off, paused.
    Workflow.continueAsNew(
        new HealthWatchInput(
            instance,
            input.intervalSeconds(),
            input.threshold(),
            input.probesPerRun(),
            paused,
            recent,
            incidents,
            List.copyOf(handsOff),
            probeIncident));
  }

  private void probe(int threshold) {
    List<ServiceHealth> seen;
    try {
      seen = health.probe(instance);
    } catch (ActivityFailure e) {
      probeFailures++;
      act("probe failed (" + probeFailures + " in a row): " + Runbooks.reason(e));
      if (version != Workflow.DEFAULT_VERSION
          && probeFailures == PROBE_FAILURES_TO_PAGE
          && probeIncident == null) {
        // Blind is not healthy: say so once, and once more when it can see again.
        probeIncident =
            HealthWatchInput.workflowId(instance) + "/probe/" + Workflow.currentTimeMillis();
        alert(
            AlertStatus.FIRING,
            Severity.WARNING,
            "HealthWatch cannot probe "
                + instance
                + " ("
                + probeFailures
                + " probes in a row): "
                + RecoverServiceWorkflowImpl.firstLine(Runbooks.reason(e)));
      }
      return;
    }
    probeFailures = 0;
    if (probeIncident != null) {
      alert(AlertStatus.RESOLVED, Severity.INFO, "HealthWatch can probe " + instance + " again");
      probeIncident = null;
    }
    long now = Workflow.currentTimeMillis();
    probes++;
    lastProbeAt = now;
    // Never brought up (a first start) or taken down on purpose: nothing there has failed.
    provisioned = seen.stream().noneMatch(ServiceHealth::notProvisioned);
    List<ServiceWatch> due = new ArrayList<>();
    for (ServiceHealth s : seen) {
      ServiceWatch before = services.get(s.service());
      if (s.healthy()) {
        reported.remove(s.service());
        handsOff.remove(s.service());
      }
      int failures = s.unhealthy() ? (before == null ? 0 : before.failures()) + 1 : 0;
      Long since =
          failures == 0 ? null : failures == 1 || before.since() == null ? now : before.since();
      ServiceWatch watch = new ServiceWatch(s.service(), s.status(), failures, since, s.detail());
      services.put(s.service(), watch);
      if (failures >= threshold && !handsOff.contains(s.service())) {
        due.add(watch);
      }
    }
    if (due.isEmpty()) {
      Workflow.setCurrentDetails(summary());
      return;
    }
    String holder = holder();
    // A deploy or restore holding the instance is changing it on purpose: recovering now would
    // fight it. Another recovery holding it is ours, and the new one queues behind it.
    if (!holder.isEmpty() && !holder.startsWith("recover-")) {
      deferrals++;
      act(
          "not acting on "
              + due.stream().map(ServiceWatch::service).toList()
              + ": "
              + instance
              + " is locked by "
              + holder);
      return;
    }
    for (ServiceWatch watch : due) {
      recover(watch, now);
    }
  }

  private void recover(ServiceWatch watch, long now) {
    String id = RecoverInput.workflowId(instance, watch.service());
    List<Long> times = recent.computeIfAbsent(watch.service(), s -> new ArrayList<>());
    times.removeIf(t -> now - t >= FLAP_MEMORY.toMillis());
    String answer;
    try {
      answer =
          health.startRecovery(
              new RecoverInput(instance, watch.service(), times, watch.since(), watch.detail()));
    } catch (ActivityFailure e) {
      act("could not start " + id + ": " + Runbooks.reason(e));
      return;
    }
    if (answer.equals(HealthActivities.STARTED)) {
      times.add(now);
      if (version != Workflow.DEFAULT_VERSION) {
        incidents.put(watch.service(), now);
        reported.add(watch.service());
      }
      act("started " + id + " (" + watch.detail() + ")");
    } else if (version != Workflow.DEFAULT_VERSION && !reported.contains(watch.service())) {
      // A new failure while its incident is open (it was healthy in between): the open run takes
      // it, so one incident, one alert, and the ladder again.
      incidents.putIfAbsent(watch.service(), now);
      reported.add(watch.service());
      try {
        Workflow.newExternalWorkflowStub(RecoverServiceWorkflow.class, id)
            .failedAgain(watch.detail());
        act("told " + id + " that it failed again (" + watch.detail() + ")");
      } catch (RuntimeException e) {
        act("could not tell " + id + " that it failed again: " + e.getMessage());
      }
    } else {
      if (version != Workflow.DEFAULT_VERSION) {
        incidents.putIfAbsent(watch.service(), now);
      }
      act(id + " is already running");
    }
    // Counting starts again: the next start is tried only if it stays down another threshold.
    services.put(
        watch.service(),
        new ServiceWatch(watch.service(), watch.status(), 0, watch.since(), watch.detail()));
  }

  private void alert(AlertStatus status, Severity severity, String summary) {
    try {
      notifier.enqueue(
          new Alert(
              probeIncident,
              instance,
              "health-watch",
              severity,
              status,
              summary,
              Workflow.getInfo().getWorkflowId(),
              Workflow.currentTimeMillis()));
    } catch (ActivityFailure e) {
      Workflow.getLogger(HealthWatchWorkflowImpl.class)
          .warn("alert {} not sent: {}", status, Runbooks.reason(e));
    }
  }

  private String holder() {
    try {
      return lock.holder(instance);
    } catch (ActivityFailure e) {
      return ""; // unknown: a recovery takes the lock itself, so it cannot fight a deploy anyway
    }
  }

  private void forgetOld() {
    long now = Workflow.currentTimeMillis();
    recent.values().forEach(times -> times.removeIf(t -> now - t >= FLAP_MEMORY.toMillis()));
    recent.values().removeIf(List::isEmpty);
  }

  private void act(String what) {
    lastAction = what;
    Workflow.setCurrentDetails(summary());
  }

  private String summary() {
    String state;
    if (!provisioned) {
      state = "instance not provisioned (never brought up, or taken down on purpose): not acting";
    } else {
      List<String> failing =
          services.values().stream()
              .filter(s -> !s.status().equals(ServiceHealth.HEALTHY))
              .map(s -> s.service() + " " + s.status() + " (" + s.detail() + ")")
              .toList();
      state =
          failing.isEmpty()
              ? "all " + services.size() + " services healthy"
              : String.join("; ", failing);
    }
    long now = Workflow.currentTimeMillis();
    List<String> open =
        incidents.entrySet().stream()
            .map(e -> e.getKey() + " for " + (now - e.getValue()) / 60_000 + " min")
            .toList();
    return state
        + (open.isEmpty() ? "" : " · open incidents: " + String.join(", ", open))
        + (handsOff.isEmpty() ? "" : " · left to an operator: " + String.join(", ", handsOff))
        + " · probes "
        + probes
        + " · last action: "
        + lastAction;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
    handsOff.clear(); // an operator resuming the watch hands every service back to it
  }

  @Override
  public void recoveryEnded(String service, RecoverOutcome outcome) {
    incidents.remove(service);
    if (outcome == RecoverOutcome.NOT_NEEDED) {
      // It was not a failure after all (started meanwhile, mended by Docker): not toward flapping.
      List<Long> times = recent.get(service);
      if (times != null && !times.isEmpty()) {
        times.remove(times.size() - 1);
      }
    } else if (outcome == RecoverOutcome.ABORTED) {
      handsOff.add(service);
      reported.add(service);
    }
  }

  @Override
  public HealthWatchStatus status() {
    Map<String, List<Long>> copy = new LinkedHashMap<>();
    recent.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return new HealthWatchStatus(
        instance,
        paused,
        probes,
        lastProbeAt,
        List.copyOf(services.values()),
        lastAction,
        deferrals,
        copy,
        Map.copyOf(incidents),
        List.copyOf(handsOff),
        provisioned);
  }
}
