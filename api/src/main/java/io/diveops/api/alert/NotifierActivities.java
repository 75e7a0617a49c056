package io.diveops.api.alert;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Alerts leave DIVE Ops here. A runbook hands its alert to the instance's alert group ({@link
 * #enqueue}); the group waits a short window for more alerts on the same instance and posts them
 * together ({@link #post}), so a bad minute on one instance is one message, not ten.
 */
@ActivityInterface
public interface NotifierActivities {

  /** Gives the alert to the instance's alert group workflow, starting it if needed. */
  @ActivityMethod
  void enqueue(Alert alert);

  /**
   * Posts the alerts as one Slack-compatible JSON message to the webhook (or logs it when none is
   * set).
   */
  @ActivityMethod
  void post(String instance, List<Alert> alerts);
}
