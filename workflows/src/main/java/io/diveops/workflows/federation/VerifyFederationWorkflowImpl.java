package io.diveops.workflows.federation;

import io.diveops.api.federation.FederationActivities;
import io.diveops.api.federation.FederationPair;
import io.diveops.api.federation.FederationReport;
import io.diveops.api.federation.PairResult;
import io.diveops.api.federation.VerifyFederationInput;
import io.diveops.api.federation.VerifyFederationWorkflow;
import io.diveops.api.verify.Verdict;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

public class VerifyFederationWorkflowImpl implements VerifyFederationWorkflow {
  /** The matrix reads row by row: every partner of one home together. */
  static final Comparator<FederationPair> MATRIX_ORDER =
      Comparator.comparing(FederationPair::home).thenComparing(FederationPair::partner);

  @Override
  public FederationReport verify(VerifyFederationInput input) {
    long started = Workflow.currentTimeMillis();
    Runbooks.tagRun(TYPE);

    FederationActivities federation = Workflow.newActivityStub(FederationActivities.class);
    List<FederationPair> pairs =
        federation.pairs(input).stream().distinct().sorted(MATRIX_ORDER).toList();
    List<String> instances = covered(input, pairs);
    if (!instances.isEmpty()) {
      Runbooks.tagInstance(String.join(",", instances));
    }

    // Every login at once: pairs share no state, and the slowest pair bounds the run.
    Map<FederationPair, Promise<PairResult>> running = new LinkedHashMap<>();
    pairs.forEach(pair -> running.put(pair, Async.function(federation::verifyPair, pair)));

    List<PairResult> results = new ArrayList<>();
    running.forEach(
        (pair, login) -> {
          try {
            results.add(login.get());
          } catch (ActivityFailure e) {
            results.add(PairResult.couldNotRun(pair, Runbooks.reason(e)));
          }
        });
    int passed = (int) results.stream().filter(PairResult::passed).count();
    return new FederationReport(
        instances,
        passed == results.size() ? Verdict.PASS : Verdict.FAIL,
        results,
        passed,
        results.size() - passed,
        Workflow.currentTimeMillis() - started);
  }

  /** The instances the run looked at, sorted: those asked for, and both sides of every pair. */
  private static List<String> covered(VerifyFederationInput input, List<FederationPair> pairs) {
    TreeSet<String> instances = new TreeSet<>();
    if (input.pair() == null) {
      instances.addAll(input.instances());
    }
    pairs.forEach(
        pair -> {
          instances.add(pair.home());
          instances.add(pair.partner());
        });
    return List.copyOf(instances);
  }
}
