package io.diveops.api.federation;

import io.diveops.api.verify.Verdict;
import java.util.List;

/** The federation matrix: PASS only when every pair passed. */
public record FederationReport(
    List<String> instances,
    Verdict verdict,
    List<PairResult> pairs,
    int passed,
    int failed,
    long durationMs) {

  public FederationReport {
    instances = instances == null ? List.of() : List.copyOf(instances);
    pairs = pairs == null ? List.of() : List.copyOf(pairs);
  }
}
