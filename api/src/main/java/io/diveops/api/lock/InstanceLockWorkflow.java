package io.diveops.api.lock;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The lock of one instance (workflow id {@code instance-lock-<key>}): grants changing runbooks the
 * instance one at a time, in the order they asked. Not a runbook: started on demand by {@code
 * InstanceLock}, it ends when no one holds or waits. A holder whose run has closed without
 * releasing (terminated, timed out) is noticed within {@code InstanceLockWorkflowImpl.HOLDER_CHECK}
 * and released; an operator can break the lock by hand ({@code ./dive-ops lock <key> break}).
 */
@WorkflowInterface
public interface InstanceLockWorkflow {
  String TYPE = "InstanceLock";
  String BREAK = "breakLock";
  String ACQUIRE = "acquire";
  String RELEASE = "release";
  String HOLDERS = "holders";

  /**
   * @param carried what a previous run of this lock held (continue-as-new keeps the history of a
   *     lock held for days small); null on a fresh start
   */
  @WorkflowMethod(name = TYPE)
  void run(String instance, LockState carried);

  /** A runbook (by workflow id) asks for the instance; it is told by signal when it holds it. */
  @SignalMethod(name = ACQUIRE)
  void acquire(String requester);

  @SignalMethod(name = RELEASE)
  void release(String holder);

  /**
   * An operator frees the instance from its holder, whoever that is, saying why. Recorded and
   * alerted.
   */
  @SignalMethod(name = BREAK)
  void breakLock(String reason);

  /** Who holds the instance now (empty when free), and who waits, in order. */
  @QueryMethod(name = HOLDERS)
  List<String> holders();

  /**
   * Every time the lock was taken from a holder (dead, or broken by hand), and why; newest last.
   */
  @QueryMethod
  List<String> breaks();

  /** The state one run of the lock hands to the next. */
  record LockState(String holder, List<String> waiting, List<String> breaks) {
    public LockState {
      waiting = waiting == null ? List.of() : List.copyOf(waiting);
      breaks = breaks == null ? List.of() : List.copyOf(breaks);
    }
  }
}
