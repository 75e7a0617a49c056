package io.diveops.workflows.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.api.alert.Severity;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.diveops.workflows.health.RecordingNotifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alerts for one instance within the window are one post; later ones are the next post. */
class AlertGroupWorkflowTest {
  @RegisterExtension
  final WorkflowTestEnvironment temporal = WorkflowTestEnvironment.of().withRecordingNotifier();

  @Test
  void alertsWithinTheWindowArePostedTogether() {
    RecordingNotifier notifier = temporal.notifier();
    notifier.enqueue(alert("redis", AlertStatus.RECOVERED));
    notifier.enqueue(alert("backend", AlertStatus.FIRING));
    temporal.awaitAlerts("fra");
    temporal.env().sleep(Duration.ofMinutes(1));
    notifier.enqueue(alert("backend", AlertStatus.RESOLVED));
    temporal.awaitAlerts("fra");
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
