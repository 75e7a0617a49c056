package io.diveops.workflows.lock;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The lock of one instance (workflow id {@code instance-lock-<key>}): grants changing runbooks the
 * instance one at a time, in the order they asked. Not a runbook: started on demand by
 * {@link InstanceLock}, it ends when no one holds or waits.
 */
@WorkflowInterface
public interface InstanceLockWorkflow {
  String TYPE = "InstanceLock";

  @WorkflowMethod(name = TYPE)
  void run(String instance);

  /** A runbook (by workflow id) asks for the instance; it is told by signal when it holds it. */
  @SignalMethod
  void acquire(String requester);

  @SignalMethod
  void release(String holder);

  /** Who holds the instance now (empty when free), and who waits, in order. */
  @QueryMethod
  List<String> holders();
}
