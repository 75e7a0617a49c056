package io.diveops.workflows.health;

import io.diveops.activities.alert.NotifierActivitiesImpl;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.api.alert.Alert;
import io.diveops.api.alert.AlertStatus;
import io.diveops.workflows.Runbooks;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real notifier's grouping (signal-with-start), with the webhook replaced by a list of posts.
 */
public class RecordingNotifier extends NotifierActivitiesImpl {
  public final List<List<Alert>> posts = new CopyOnWriteArrayList<>();

  public RecordingNotifier(WorkflowClient client) {
    super(
        client,
        Runbooks.TASK_QUEUE,
        "",
        new HttpProbe(Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  @Override
  public void post(String instance, List<Alert> alerts) {
    posts.add(List.copyOf(alerts));
  }

  public List<AlertStatus> statuses() {
    return posts.stream().flatMap(List::stream).map(Alert::status).toList();
  }
}
