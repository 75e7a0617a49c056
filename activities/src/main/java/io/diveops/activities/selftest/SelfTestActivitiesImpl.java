package io.diveops.activities.selftest;

import io.diveops.api.selftest.SelfTestActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

public class SelfTestActivitiesImpl implements SelfTestActivities {
  private final String identity;

  public SelfTestActivitiesImpl(String identity) {
    this.identity = identity;
  }

  @Override
  public HoldResult hold(int seconds) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    // Progress lives in the heartbeat, so a retry continues where the dead worker stopped.
    int resumedFrom = context.getHeartbeatDetails(Integer.class).orElse(0);
    int held = resumedFrom;
    while (held < seconds) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
      held++;
      // On a graceful worker stop this throws ActivityWorkerShutdownException: the attempt ends
      // and Temporal hands the rest to another worker, which resumes from this heartbeat.
      context.heartbeat(held);
    }
    return new HoldResult(context.getInfo().getAttempt(), identity, resumedFrom, held);
  }
}
