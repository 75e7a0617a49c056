package io.diveops.workflows.lock;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.api.alert.Severity;
import io.diveops.api.lock.InstanceLockWorkflow;
import io.diveops.api.lock.LockActivities;
import io.diveops.api.lock.LockClient;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

public class InstanceLockWorkflowImpl implements InstanceLockWorkflow {
  /**
   * How often a held lock asks whether its holder's run is still open (a dead one is freed within
   * two).
   */
  static final Duration HOLDER_CHECK = Duration.ofSeconds(10);

  /** Checks before the lock continues as new: a lock held for days keeps a small history. */
  static final int CHECKS_PER_RUN = 300;

  static final String CHANGE_ID = "dead-holder";
  static final int DEAD_HOLDER = 1;

  private final LockActivities activities = Workflow.newActivityStub(LockActivities.class);
  private final NotifierActivities notifier = Workflow.newActivityStub(NotifierActivities.class);

  private final Deque<String> waiting = new ArrayDeque<>();

  /** Requesters that have not yet been told who holds the instance. */
  private final List<String> untold = new ArrayList<>();

  private final List<String> breaks = new ArrayList<>();
  private String holder;
  private String instance;
  private String breakReason;
  private int version = Workflow.DEFAULT_VERSION;

  @Override
  public void run(String instance, LockState carried) {
    this.instance = instance;
    version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, DEAD_HOLDER);
    if (carried != null) {
      holder = carried.holder();
      waiting.addAll(carried.waiting());
      breaks.addAll(carried.breaks());
    }
    int checks = 0;
    while (true) {
      boolean woke = true;
      if (version == Workflow.DEFAULT_VERSION) {
        Workflow.await(() -> holder == null || !untold.isEmpty());
      } else {
        woke =
            Workflow.await(
                HOLDER_CHECK, () -> holder == null || !untold.isEmpty() || breakReason != null);
      }
      if (breakReason != null) {
        if (holder != null) {
          free("broken by an operator: " + breakReason);
        }
        breakReason = null;
      }
      if (!woke && holder != null) {
        checkHolder();
        if (++checks >= CHECKS_PER_RUN && holder != null && untold.isEmpty()) {
          Workflow.continueAsNew(instance, new LockState(holder, List.copyOf(waiting), breaks));
        }
      }
      if (holder == null) {
        if (waiting.isEmpty()) {
          return; // free and nobody waits: the next request starts a fresh lock workflow
        }
        holder = waiting.poll();
        untold.remove(holder);
        tell(holder);
      }
      // Signal handlers only record; telling (a blocking call) happens here.
      List<String> batch = new ArrayList<>(untold);
      untold.clear();
      batch.forEach(this::tell);
    }
  }

  /** A holder whose run has closed can never release: the lock frees itself instead. */
  private void checkHolder() {
    String state;
    try {
      state = activities.runState(holder);
    } catch (ActivityFailure e) {
      return; // the server did not answer: ask again at the next check, never free on a guess
    }
    if (!LockActivities.RUNNING.equals(state)) {
      free(holder + " ended (" + state + ") without releasing " + instance);
    }
  }

  /** Takes the instance from its holder, records why, and says so once. */
  private void free(String why) {
    String was = holder;
    holder = null;
    breaks.add(why);
    Workflow.getLogger(InstanceLockWorkflowImpl.class)
        .warn("lock of {} released: {}", instance, why);
    Workflow.setCurrentDetails("released " + was + ": " + why);
    try {
      notifier.enqueue(
          new Alert(
              "lock-" + instance + "/" + was,
              instance,
              "lock",
              Severity.WARNING,
              AlertStatus.NOTICE,
              "the lock of "
                  + instance
                  + " was taken from "
                  + was
                  + ": "
                  + why
                  + "; the next changing runbook repairs what that run left",
              Workflow.getInfo().getWorkflowId(),
              Workflow.currentTimeMillis()));
    } catch (ActivityFailure e) {
      Workflow.getLogger(InstanceLockWorkflowImpl.class)
          .warn("alert on the lock of {} not sent: {}", instance, Runbooks.reason(e));
    }
  }

  @Override
  public void acquire(String requester) {
    if (requester.equals(holder)) {
      // A retried request, or a new run under the same id as a dead holder: either way it holds
      // the instance and must hear so (the dead one could not have asked).
      if (version != Workflow.DEFAULT_VERSION && !untold.contains(requester)) {
        untold.add(requester);
      }
      return;
    }
    if (waiting.contains(requester)) {
      return; // a retried request: idempotent
    }
    waiting.add(requester);
    untold.add(requester);
  }

  @Override
  public void release(String releasing) {
    if (releasing.equals(holder)) {
      holder = null;
    } else {
      waiting.remove(releasing); // gave up while waiting (cancelled)
      untold.remove(releasing);
    }
  }

  @Override
  public void breakLock(String reason) {
    breakReason = reason == null || reason.isBlank() ? "(no reason given)" : reason;
  }

  @Override
  public List<String> holders() {
    List<String> all = new ArrayList<>();
    all.add(holder == null ? "" : holder);
    all.addAll(waiting);
    return all;
  }

  @Override
  public List<String> breaks() {
    return List.copyOf(breaks);
  }

  private void tell(String requester) {
    try {
      Workflow.newUntypedExternalWorkflowStub(requester)
          .signal(LockClient.LOCK_STATE, instance, holder == null ? "" : holder);
    } catch (RuntimeException e) {
      // The requester has ended (terminated, timed out): it cannot hold the lock.
      if (requester.equals(holder)) {
        holder = null;
      }
      waiting.remove(requester);
    }
  }
}
