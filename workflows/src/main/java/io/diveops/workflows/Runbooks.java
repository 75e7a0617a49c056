package io.diveops.workflows;

import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;

/**
 * What every runbook shares: the search attributes that let an operator list "all runs on FRA" or
 * "every registry validation" in the UI, and the id scheme that ties a workflow type to its doc and
 * launcher (ValidateRegistry ↔ docs/runbooks/validate-registry.md ↔ runbooks/validate-registry.sh).
 */
public final class Runbooks {
  public static final String TASK_QUEUE = "dive-ops";
  public static final SearchAttributeKey<String> DIVE_INSTANCE =
      SearchAttributeKey.forKeyword("DiveInstance");
  public static final SearchAttributeKey<String> DIVE_RUNBOOK =
      SearchAttributeKey.forKeyword("DiveRunbook");

  private Runbooks() {}

  /** The runbook id of a workflow type: "ValidateRegistry" → "validate-registry". */
  public static String idOf(String workflowType) {
    return workflowType.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** Marks the running workflow as a run of {@code workflowType}, for the UI and for queries. */
  public static void tagRun(String workflowType) {
    Workflow.upsertTypedSearchAttributes(DIVE_RUNBOOK.valueSet(idOf(workflowType)));
  }

  /** Marks the running workflow as acting on one instance. */
  public static void tagInstance(String instance) {
    Workflow.upsertTypedSearchAttributes(DIVE_INSTANCE.valueSet(instance));
  }

  /**
   * What went wrong, in the words of whoever failed first (the activity), for results and progress.
   */
  public static String reason(TemporalFailure e) {
    if (e instanceof CanceledFailure) {
      return "cancelled";
    }
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message =
        cause instanceof ApplicationFailure app ? app.getOriginalMessage() : cause.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
