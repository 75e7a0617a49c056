package io.diveops.workflows;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the cancellation type each activity type was scheduled with: how a cancelled run treats
 * its steps.
 */
public class ActivityOptionsRecorder extends WorkerInterceptorBase {
  private final Map<String, ActivityCancellationType> cancellation = new ConcurrentHashMap<>();

  public ActivityCancellationType cancellationOf(String activityType) {
    return cancellation.get(activityType);
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outbound) {
        super.init(
            new WorkflowOutboundCallsInterceptorBase(outbound) {
              @Override
              public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
                cancellation.put(
                    input.getActivityName(),
                    input.getOptions().getCancellationType() == null
                        ? ActivityCancellationType.TRY_CANCEL
                        : input.getOptions().getCancellationType());
                return super.executeActivity(input);
              }
            });
      }
    };
  }
}
