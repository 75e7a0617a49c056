package io.diveops.api.alert;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The alerts of one instance (workflow id {@code alerts-<key>}): what arrives within a short window
 * is posted as one message. Not a runbook: started on demand by {@link NotifierActivities#enqueue},
 * it ends when nothing is left to post.
 */
@WorkflowInterface
public interface AlertGroupWorkflow {
  String TYPE = "AlertGroup";
  String ADD = "add";

  @WorkflowMethod(name = TYPE)
  void run(String instance);

  @SignalMethod(name = ADD)
  void add(Alert alert);

  /** Alerts waiting for the window to close. */
  @QueryMethod
  List<Alert> pending();
}
