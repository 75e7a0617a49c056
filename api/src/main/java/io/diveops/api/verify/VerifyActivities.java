package io.diveops.api.verify;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The checks of the verify-instance runbook. Each check reports a failure as a result with
 * evidence, not as an exception: an exception means the check itself could not run.
 */
@ActivityInterface
public interface VerifyActivities {
  String CONTAINERS = "containers";
  String HTTP_HEALTH = "http-health";
  String OIDC_TOKEN = "oidc-token";
  String IDENTITY_PROVIDERS = "identity-providers";
  String POLICY_DECISIONS = "policy-decisions";
  String DATASTORES = "datastores";

  /** Fails (not retryable) for an unknown or disabled instance, or an unusable registry. */
  @ActivityMethod
  InstanceSummary describeInstance(String instance);

  /** Every registry service has a running container that Docker reports healthy. */
  @ActivityMethod
  CheckResult checkContainers(String instance);

  /** Health endpoints: backend /health, Keycloak /health/ready, OPA /health, KAS /health, frontend /. */
  @ActivityMethod
  CheckResult checkHttpHealth(String instance);

  /** OIDC discovery, then a password-grant token for a test user within 2 s, with DIVE claims. */
  @ActivityMethod
  CheckResult checkOidcToken(String instance);

  /** The partner identity providers of the federation matrix exist and are enabled. */
  @ActivityMethod
  CheckResult checkIdentityProviders(String instance);

  /** OPA answers the decision fixtures as expected. */
  @ActivityMethod
  CheckResult checkPolicyDecisions(String instance);

  /** PostgreSQL SELECT 1, Redis PING, Mongo ping. */
  @ActivityMethod
  CheckResult checkDatastores(String instance);
}
