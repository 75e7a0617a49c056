package io.diveops.workflows.lock;

import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

public class InstanceLockWorkflowImpl implements InstanceLockWorkflow {
  private final Deque<String> waiting = new ArrayDeque<>();
  /** Requesters that have not yet been told who holds the instance. */
  private final List<String> untold = new ArrayList<>();
  private String holder;
  private String instance;

  @Override
  public void run(String instance) {
    this.instance = instance;
    while (true) {
      Workflow.await(() -> holder == null || !untold.isEmpty());
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

  @Override
  public void acquire(String requester) {
    if (requester.equals(holder) || waiting.contains(requester)) {
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
  public List<String> holders() {
    List<String> all = new ArrayList<>();
    all.add(holder == null ? "" : holder);
    all.addAll(waiting);
    return all;
  }

  private void tell(String requester) {
    try {
      Workflow.newUntypedExternalWorkflowStub(requester).signal(LockClient.LOCK_STATE, instance, holder == null ? "" : holder);
    } catch (RuntimeException e) {
      // The requester has ended (terminated, timed out): it cannot hold the lock.
      if (requester.equals(holder)) {
        holder = null;
      }
      waiting.remove(requester);
    }
  }
}
