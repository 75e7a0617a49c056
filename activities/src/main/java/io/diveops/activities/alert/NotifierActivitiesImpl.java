package io.diveops.activities.alert;

import io.diveops.activities.verify.HttpProbe;
import io.diveops.api.FailureType;
import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertGroupWorkflow;
import io.diveops.api.alert.NotifierActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class NotifierActivitiesImpl implements NotifierActivities {
  private static final Logger log = LoggerFactory.getLogger(NotifierActivitiesImpl.class);

  private final WorkflowClient client;
  private final String taskQueue;
  private final String webhook;
  private final HttpProbe http;

  /**
   * @param webhook where alerts are posted; blank: alerts are only logged
   */
  public NotifierActivitiesImpl(
      WorkflowClient client, String taskQueue, String webhook, HttpProbe http) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.webhook = webhook == null ? "" : webhook.trim();
    this.http = http;
  }

  @Override
  public void enqueue(Alert alert) {
    client
        .newUntypedWorkflowStub(
            AlertGroupWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(Alert.groupWorkflowId(alert.instance()))
                .setTaskQueue(taskQueue)
                .build())
        .signalWithStart(
            AlertGroupWorkflow.ADD, new Object[] {alert}, new Object[] {alert.instance()});
  }

  @Override
  public void post(String instance, List<Alert> alerts) {
    String message = WebhookMessage.of(instance, alerts).toString();
    if (webhook.isEmpty()) {
      log.info("alert (no webhook configured): {}", message);
      return;
    }
    try {
      HttpProbe.Response response = http.postJson(webhook, message);
      if (response.status() / 100 != 2) {
        // The receiver may be restarting: Temporal retries with backoff.
        throw ApplicationFailure.newFailure(
            "webhook answered " + response.status(), FailureType.WEBHOOK_REFUSED.type());
      }
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "webhook unreachable: " + e.getMessage(), FailureType.WEBHOOK_UNREACHABLE.type());
    }
  }
}
