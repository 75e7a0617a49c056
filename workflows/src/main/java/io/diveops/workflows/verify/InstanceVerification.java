package io.diveops.workflows.verify;

import io.diveops.api.verify.CheckResult;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.diveops.api.verify.VerifyInstanceInput;
import io.diveops.api.verify.VerifyInstanceWorkflow;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * VerifyInstance as a child of a changing runbook (deploy, restore): its report, or a FAIL report
 * saying why it could not run, so the caller decides on one kind of answer.
 */
public final class InstanceVerification {
  /** The seed's budget for verifying an instance after a change. */
  public static final int BUDGET_SECONDS = 300;

  private InstanceVerification() {}

  /**
   * @param why names the child run after the parent's purpose, e.g. "deploy" or "rollback"
   */
  public static VerificationReport asChild(String instance, String why) {
    VerifyInstanceWorkflow child =
        Workflow.newChildWorkflowStub(
            VerifyInstanceWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(
                    Workflow.getInfo().getWorkflowId()
                        + "-verify-"
                        + why
                        + "-"
                        + Workflow.currentTimeMillis())
                .build());
    try {
      return child.verify(new VerifyInstanceInput(instance, BUDGET_SECONDS));
    } catch (ChildWorkflowFailure e) {
      return new VerificationReport(
          instance,
          Verdict.FAIL,
          List.of(CheckResult.fail("verify-instance", 0, "could not run: " + Runbooks.reason(e))),
          0);
    }
  }
}
