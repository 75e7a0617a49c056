package io.diveops.workflows.verify;

import io.diveops.api.verify.CheckResult;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.diveops.api.verify.VerifyActivities;
import io.diveops.api.verify.VerifyInstanceInput;
import io.diveops.api.verify.VerifyInstanceWorkflow;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class VerifyInstanceWorkflowImpl implements VerifyInstanceWorkflow {
  /**
   * No single check may take longer than this, whatever the budget: targets have bounded timeouts.
   */
  static final Duration CHECK_LIMIT = Duration.ofSeconds(60);

  @Override
  public VerificationReport verify(VerifyInstanceInput input) {
    long started = Workflow.currentTimeMillis();
    Runbooks.tagRun(TYPE);
    Duration budget = Duration.ofSeconds(input.budget());

    VerifyActivities setup = Workflow.newActivityStub(VerifyActivities.class);
    setup.describeInstance(input.instance());
    Runbooks.tagInstance(input.instance());

    // A check reports failure as a result; a retry only covers a worker lost mid-check, and the
    // budget bounds the whole.
    VerifyActivities checks = Workflow.newActivityStub(VerifyActivities.class);
    Map<String, Functions.Func1<String, CheckResult>> all = new LinkedHashMap<>();
    all.put(VerifyActivities.CONTAINERS, checks::checkContainers);
    all.put(VerifyActivities.HTTP_HEALTH, checks::checkHttpHealth);
    all.put(VerifyActivities.OIDC_TOKEN, checks::checkOidcToken);
    all.put(VerifyActivities.IDENTITY_PROVIDERS, checks::checkIdentityProviders);
    all.put(VerifyActivities.POLICY_DECISIONS, checks::checkPolicyDecisions);
    all.put(VerifyActivities.DATASTORES, checks::checkDatastores);

    Map<String, Promise<CheckResult>> running = new LinkedHashMap<>();
    all.forEach((name, check) -> running.put(name, Async.function(check, input.instance())));

    List<CheckResult> results = new ArrayList<>();
    running.forEach(
        (name, promise) -> {
          try {
            results.add(promise.get());
          } catch (ActivityFailure e) {
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            results.add(CheckResult.fail(name, 0, "check could not run: " + reason));
          }
        });
    boolean passed = results.stream().allMatch(CheckResult::passed);
    return new VerificationReport(
        input.instance(),
        passed ? Verdict.PASS : Verdict.FAIL,
        results,
        Workflow.currentTimeMillis() - started);
  }
}
