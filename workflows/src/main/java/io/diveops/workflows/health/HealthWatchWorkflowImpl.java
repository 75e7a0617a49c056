package io.diveops.workflows.health;

import io.diveops.activities.health.HealthActivities;
import io.diveops.activities.health.RecoverInput;
import io.diveops.activities.health.ServiceHealth;
import io.diveops.activities.lock.LockActivities;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.health.HealthWatchStatus.ServiceWatch;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class HealthWatchWorkflowImpl implements HealthWatchWorkflow {
  static final Duration FLAP_MEMORY = RecoverServiceWorkflowImpl.FLAP_WINDOW;

  // A probe that fails (Docker busy) is simply the next probe's business: no long retries.
  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
      .build());
  private final LockActivities lock = Workflow.newActivityStub(LockActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(10))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
      .build());

  private final Map<String, ServiceWatch> services = new LinkedHashMap<>();
  private final Map<String, List<Long>> recent = new HashMap<>();
  private String instance;
  private boolean paused;
  private long probes;
  private Long lastProbeAt;
  private String lastAction = "starting";
  private int deferrals;

  @Override
  public void watch(HealthWatchInput input) {
    instance = input.instance();
    paused = paused || input.paused();
    input.recentRecoveries().forEach((service, times) -> recent.put(service, new ArrayList<>(times)));
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(instance);
    Duration interval = Duration.ofSeconds(input.intervalSeconds());
    for (int i = 0; i < input.probesPerRun(); i++) {
      if (paused) {
        Workflow.setCurrentDetails("paused: signal resume (runbooks/health-watch.sh " + instance + " resume)");
        Workflow.await(() -> !paused);
      }
      probe(input.threshold());
      Workflow.sleep(interval);
    }
    forgetOld();
    // Only what must survive goes on: the recovery times (flapping) and whether it is paused.
    Workflow.continueAsNew(new HealthWatchInput(instance, input.intervalSeconds(), input.threshold(),
        input.probesPerRun(), paused, recent));
  }

  private void probe(int threshold) {
    List<ServiceHealth> seen;
    try {
      seen = health.probe(instance);
    } catch (ActivityFailure e) {
      act("probe failed: " + Runbooks.reason(e));
      return;
    }
    long now = Workflow.currentTimeMillis();
    probes++;
    lastProbeAt = now;
    List<ServiceWatch> due = new ArrayList<>();
    for (ServiceHealth s : seen) {
      ServiceWatch before = services.get(s.service());
      int failures = s.unhealthy() ? (before == null ? 0 : before.failures()) + 1 : 0;
      Long since = failures == 0 ? null : failures == 1 || before.since() == null ? now : before.since();
      ServiceWatch watch = new ServiceWatch(s.service(), s.status(), failures, since, s.detail());
      services.put(s.service(), watch);
      if (failures >= threshold) {
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
      act("not acting on " + due.stream().map(ServiceWatch::service).toList() + ": " + instance + " is locked by " + holder);
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
      answer = health.startRecovery(new RecoverInput(instance, watch.service(), times, watch.since(), watch.detail()));
    } catch (ActivityFailure e) {
      act("could not start " + id + ": " + Runbooks.reason(e));
      return;
    }
    if (answer.equals(HealthActivities.STARTED)) {
      times.add(now);
      act("started " + id + " (" + watch.detail() + ")");
    } else {
      act(id + " is already running");
    }
    // Counting starts again: the next start is tried only if it stays down another threshold.
    services.put(watch.service(), new ServiceWatch(watch.service(), watch.status(), 0, watch.since(), watch.detail()));
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
    List<String> failing = services.values().stream().filter(s -> !s.status().equals(ServiceHealth.HEALTHY))
        .map(s -> s.service() + " " + s.status() + " (" + s.detail() + ")").toList();
    return (failing.isEmpty() ? "all " + services.size() + " services healthy" : String.join("; ", failing))
        + " · probes " + probes + " · last action: " + lastAction;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  @Override
  public HealthWatchStatus status() {
    Map<String, List<Long>> copy = new LinkedHashMap<>();
    recent.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return new HealthWatchStatus(instance, paused, probes, lastProbeAt, List.copyOf(services.values()), lastAction,
        deferrals, copy);
  }
}
