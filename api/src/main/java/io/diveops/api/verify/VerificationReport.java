package io.diveops.api.verify;

import java.util.List;

/** PASS when every check passed; each check says what it saw. */
public record VerificationReport(String instance, String outcome, List<CheckResult> checks, long durationMs) {
  public static final String PASS = "PASS";
  public static final String FAIL = "FAIL";

  public VerificationReport {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return PASS.equals(outcome);
  }

  public List<String> failedChecks() {
    return checks.stream().filter(c -> !c.passed()).map(CheckResult::name).toList();
  }
}
