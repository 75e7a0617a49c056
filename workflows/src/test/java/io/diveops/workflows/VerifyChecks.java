package io.diveops.workflows;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import io.diveops.api.verify.CheckResult;
import io.diveops.api.verify.InstanceSummary;
import io.diveops.api.verify.VerifyActivities;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/** The six checks of a mocked {@link VerifyActivities}, stubbed for any instance. */
public final class VerifyChecks {
  private static final Map<String, BiFunction<VerifyActivities, String, CheckResult>> CHECKS =
      Map.of(
          VerifyActivities.CONTAINERS, VerifyActivities::checkContainers,
          VerifyActivities.HTTP_HEALTH, VerifyActivities::checkHttpHealth,
          VerifyActivities.OIDC_TOKEN, VerifyActivities::checkOidcToken,
          VerifyActivities.IDENTITY_PROVIDERS, VerifyActivities::checkIdentityProviders,
          VerifyActivities.POLICY_DECISIONS, VerifyActivities::checkPolicyDecisions,
          VerifyActivities.DATASTORES, VerifyActivities::checkDatastores);

  private VerifyChecks() {}

  /** {@code instance} is known (no services, no partners) and every check passes. */
  public static void passing(VerifyActivities verify, String instance) {
    when(verify.describeInstance(instance))
        .thenReturn(
            new InstanceSummary(instance, instance.toUpperCase(Locale.ROOT), List.of(), List.of()));
    CHECKS.keySet().forEach(check -> stub(verify, check, CheckResult.pass(check, 1, "ok")));
  }

  /**
   * The named checks (e.g. {@link VerifyActivities#DATASTORES}) fail from now on; the others are
   * left as stubbed.
   */
  public static void failing(VerifyActivities verify, String... checks) {
    for (String check : checks) {
      stub(verify, check, CheckResult.fail(check, 1, "down"));
    }
  }

  private static void stub(VerifyActivities verify, String check, CheckResult result) {
    BiFunction<VerifyActivities, String, CheckResult> method = CHECKS.get(check);
    if (method == null) {
      throw new IllegalArgumentException(
          "no check " + check + "; the checks are " + CHECKS.keySet());
    }
    when(method.apply(verify, anyString())).thenReturn(result);
  }
}
