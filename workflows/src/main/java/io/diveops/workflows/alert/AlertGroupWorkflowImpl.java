package io.diveops.workflows.alert;

import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertGroupWorkflow;
import io.diveops.api.alert.NotifierActivities;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class AlertGroupWorkflowImpl implements AlertGroupWorkflow {
  /**
   * Long enough to catch the services of one instance falling together, short enough to page fast.
   */
  static final Duration WINDOW = Duration.ofSeconds(5);

  // A receiver that is down for a while is retried for about ten minutes; after that the message
  // is given up (and logged by the worker) rather than holding back every later alert.
  private final NotifierActivities notifier = Workflow.newActivityStub(NotifierActivities.class);
  private final List<Alert> pending = new ArrayList<>();

  @Override
  public void run(String instance) {
    while (true) {
      Workflow.await(() -> !pending.isEmpty());
      Workflow.sleep(WINDOW);
      List<Alert> batch = new ArrayList<>(pending);
      pending.clear();
      try {
        notifier.post(instance, batch);
      } catch (ActivityFailure e) {
        Workflow.getLogger(AlertGroupWorkflowImpl.class)
            .warn(
                "{} alert(s) for {} not delivered: {}", batch.size(), instance, Runbooks.reason(e));
      }
      if (pending.isEmpty()) {
        return; // the next alert starts a fresh group
      }
    }
  }

  @Override
  public void add(Alert alert) {
    pending.add(alert);
  }

  @Override
  public List<Alert> pending() {
    return List.copyOf(pending);
  }
}
