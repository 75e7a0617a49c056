package io.diveops.api.drift;

import java.util.List;

/**
 * One thing a reconcile did, or refused, on one instance.
 *
 * @param action what, e.g. {@code DeployInstance 1.0.0}, {@code realm re-applied}, {@code OPA
 *     policy put back}, {@code compare with the report}, {@code not reconciled}
 * @param outcome {@code DONE}, {@code FAILED}, {@code REFUSED} or {@code SKIPPED}, with the reason
 *     after a colon
 * @param details the changes made, or the items left (by {@link DriftItem#key()}) with why
 */
public record ReconcileStep(String instance, String action, String outcome, List<String> details) {
  public ReconcileStep {
    details = details == null ? List.of() : List.copyOf(details);
  }
}
