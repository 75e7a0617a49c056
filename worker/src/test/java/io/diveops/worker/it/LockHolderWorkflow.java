package io.diveops.worker.it;

import io.diveops.api.lock.LockClient;
import io.diveops.workflows.lock.InstanceLock;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * Stands in for a changing runbook (a deploy) in the middle of its work: takes an instance's lock
 * through the same {@link InstanceLock} and holds it until told to finish.
 */
@WorkflowInterface
public interface LockHolderWorkflow extends LockClient {
  @WorkflowMethod(name = "TestLockHolder")
  void hold(String instance);

  @SignalMethod
  void finish();

  class Impl implements LockHolderWorkflow {
    private InstanceLock lock;
    private boolean done;

    @Override
    public void hold(String instance) {
      lock = new InstanceLock(instance);
      lock.acquire(Duration.ofMinutes(5));
      Workflow.await(() -> done);
      lock.release();
    }

    @Override
    public void finish() {
      done = true;
    }

    @Override
    public void lockState(String instance, String holder) {
      if (lock != null) {
        lock.onLockState(instance, holder);
      }
    }
  }
}
