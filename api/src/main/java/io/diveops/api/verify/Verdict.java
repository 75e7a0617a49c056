package io.diveops.api.verify;

/** A verification's outcome: PASS when every check passed. */
public enum Verdict {
  PASS,
  FAIL
}
