package io.diveops.api.verify;

import java.util.List;

/** PASS when every check passed; each check says what it saw. */
public record VerificationReport(
    String instance, Verdict outcome, List<CheckResult> checks, long durationMs) {

  public VerificationReport {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return outcome == Verdict.PASS;
  }

  public List<String> failedChecks() {
    return checks.stream().filter(c -> !c.passed()).map(CheckResult::name).toList();
  }
}
