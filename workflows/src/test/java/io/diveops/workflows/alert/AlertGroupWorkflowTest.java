package io.diveops.workflows.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.Severity;
import io.diveops.workflows.ActivityPolicies;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.health.RecordingNotifier;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts for one instance within the window are one post; later ones are the next post. */
class AlertGroupWorkflowTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingNotifier notifier;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    notifier = new RecordingNotifier(client);
    Worker worker = env.newWorker(Runbooks.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        ActivityPolicies.options(), AlertGroupWorkflowImpl.class);
    worker.registerActivitiesImplementations(notifier);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void alertsWithinTheWindowArePostedTogether() {
    notifier.enqueue(alert("redis", AlertStatus.RECOVERED));
    notifier.enqueue(alert("backend", AlertStatus.FIRING));
    client.newUntypedWorkflowStub(Alert.groupWorkflowId("fra")).getResult(Void.class);
    env.sleep(Duration.ofMinutes(1));
    notifier.enqueue(alert("backend", AlertStatus.RESOLVED));
    client.newUntypedWorkflowStub(Alert.groupWorkflowId("fra")).getResult(Void.class);
    assertThat(notifier.posts).hasSize(2);
    assertThat(notifier.posts.get(0))
        .extracting(Alert::service)
        .containsExactly("redis", "backend");
    assertThat(notifier.posts.get(1))
        .extracting(Alert::status)
        .containsExactly(AlertStatus.RESOLVED);
  }

  private static Alert alert(String service, AlertStatus status) {
    return new Alert(
        "recover-fra-" + service + "/r1",
        "fra",
        service,
        Severity.WARNING,
        status,
        "s",
        "recover-fra-" + service,
        1L);
  }
}
