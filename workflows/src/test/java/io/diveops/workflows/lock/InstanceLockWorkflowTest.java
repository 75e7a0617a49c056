package io.diveops.workflows.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.api.alert.AlertStatus;
import io.diveops.api.lock.InstanceLockWorkflow;
import io.diveops.api.lock.LockActivities;
import io.diveops.api.lock.LockClient;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A holder that died, or a lock broken by hand: the instance is free again, recorded and alerted.
 */
class InstanceLockWorkflowTest {
  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(HoldForeverImpl.class).withLocks().withRecordingNotifier();

  @WorkflowInterface
  public interface HoldForever extends LockClient {
    @WorkflowMethod
    void hold(String instance);
  }

  /** Takes the instance and never lets go: a deploy stuck in a step, until terminated. */
  public static class HoldForeverImpl implements HoldForever {
    private final RunProgress progress = new RunProgress();

    @Override
    public void hold(String instance) {
      progress.lock(instance).acquire(Duration.ofHours(1));
      progress.set("holding " + instance);
      Workflow.await(() -> false);
    }

    @Override
    public void lockState(String instance, String holder) {
      progress.onLockState(instance, holder);
    }
  }

  @Test
  void aTerminatedHolderIsReleasedWithinThirtySecondsAndTheNextOneGetsTheInstance() {
    WorkflowStub dead = hold("deploy-instance-gbr-1");
    awaitLock(h -> h.get(0).equals("deploy-instance-gbr-1"));
    hold("deploy-instance-gbr-2");
    awaitLock(h -> h.equals(List.of("deploy-instance-gbr-1", "deploy-instance-gbr-2")));
    dead.terminate("pressed Terminate mid-replace");
    long before = temporal.env().currentTimeMillis();
    temporal.env().sleep(Duration.ofSeconds(25));
    awaitLock(h -> h.get(0).equals("deploy-instance-gbr-2"));
    assertThat(temporal.env().currentTimeMillis() - before).isLessThanOrEqualTo(30_000);
    assertThat(lock().breaks())
        .singleElement()
        .asString()
        .isEqualTo("deploy-instance-gbr-1 ended (TERMINATED) without releasing gbr");
    temporal.awaitAlerts("gbr");
    assertThat(temporal.notifier().posts.stream().flatMap(List::stream).toList())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.NOTICE);
              assertThat(a.summary()).contains("deploy-instance-gbr-1", "TERMINATED");
            });
  }

  @Test
  void anOperatorCanBreakTheLockAndItIsRecorded() {
    hold("deploy-instance-gbr-1");
    awaitLock(h -> h.get(0).equals("deploy-instance-gbr-1"));
    temporal
        .client()
        .newUntypedWorkflowStub(LockActivities.lockWorkflowId("gbr"))
        .signal(InstanceLockWorkflow.BREAK, "stuck on a dead host");
    awaitLock(h -> h.get(0).isEmpty());
    assertThat(lock().breaks()).containsExactly("broken by an operator: stuck on a dead host");
  }

  private WorkflowStub hold(String id) {
    HoldForever holder = temporal.workflow(HoldForever.class, id);
    WorkflowClient.start(holder::hold, "gbr");
    return WorkflowStub.fromTyped(holder);
  }

  private InstanceLockWorkflow lock() {
    return temporal
        .client()
        .newWorkflowStub(InstanceLockWorkflow.class, LockActivities.lockWorkflowId("gbr"));
  }

  private void awaitLock(Predicate<List<String>> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        if (condition.test(lock().holders())) {
          return;
        }
      } catch (RuntimeException notYetStarted) {
        // the lock workflow starts with the first request
      }
      assertThat(System.nanoTime()).as("the lock to change").isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
