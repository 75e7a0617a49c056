package io.diveops.api.federation;

import io.diveops.api.verify.Verdict;
import java.util.List;

/**
 * One pair's brokered login.
 *
 * @param failedStep the first step that failed; null when the pair passed
 * @param evidence what was seen (status codes, Keycloak's error, claims, OPA's reason), never a
 *     secret or a token
 * @param steps the steps that ran, in order, with their timings
 */
public record PairResult(
    String home,
    String partner,
    Verdict verdict,
    FederationStep failedStep,
    String evidence,
    List<StepTiming> steps,
    long latencyMs) {

  public PairResult {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public boolean passed() {
    return verdict == Verdict.PASS;
  }

  /** A pair whose login could not run at all (the activity failed), for the matrix. */
  public static PairResult couldNotRun(FederationPair pair, String reason) {
    return new PairResult(
        pair.home(), pair.partner(), Verdict.FAIL, null, "could not run: " + reason, List.of(), 0);
  }
}
