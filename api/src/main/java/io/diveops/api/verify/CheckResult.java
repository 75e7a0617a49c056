package io.diveops.api.verify;

/** One verification check: did it pass, how long it took, and what was seen (never a secret). */
public record CheckResult(String name, boolean passed, long latencyMs, String evidence) {

  public static CheckResult pass(String name, long latencyMs, String evidence) {
    return new CheckResult(name, true, latencyMs, evidence);
  }

  public static CheckResult fail(String name, long latencyMs, String evidence) {
    return new CheckResult(name, false, latencyMs, evidence);
  }
}
