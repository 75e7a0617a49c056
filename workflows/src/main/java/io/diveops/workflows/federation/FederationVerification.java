package io.diveops.workflows.federation;

import io.diveops.api.federation.FederationReport;
import io.diveops.api.federation.VerifyFederationInput;
import io.diveops.api.federation.VerifyFederationWorkflow;
import io.diveops.api.verify.Verdict;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * VerifyFederation as a child of a changing runbook (provisioning, decommissioning): its report, or
 * a FAIL report when it could not run, so the caller judges one kind of answer.
 */
public final class FederationVerification {
  private FederationVerification() {}

  /**
   * Every pair among {@code instances}, both directions (empty: every pair of the registry), as the
   * child {@code <run>-federation-<why>}.
   */
  public static FederationReport asChild(List<String> instances, String why) {
    VerifyFederationWorkflow child =
        Workflow.newChildWorkflowStub(
            VerifyFederationWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-federation-" + why)
                .build());
    try {
      return child.verify(new VerifyFederationInput(instances, null));
    } catch (ChildWorkflowFailure e) {
      return new FederationReport(instances, Verdict.FAIL, List.of(), 0, 1, 0);
    }
  }
}
