package io.diveops.api.federation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The activities of verify-federation. */
@ActivityInterface
public interface FederationActivities {

  /**
   * The ordered pairs (home, partner) to verify (only {@code input.pair()} when it is set): every
   * partner in home's row of the federation matrix, among the given enabled instances (all enabled
   * instances when the list is empty). Fails (not retryable, {@code UnknownInstance}) for an
   * unknown or disabled instance, and ({@code UnusableRegistry}) for a registry that does not
   * validate.
   */
  @ActivityMethod
  List<FederationPair> pairs(VerifyFederationInput input);

  /**
   * One brokered login, bounded in time. A failed login is a result naming the step, not an
   * exception: an exception means the check itself could not run.
   */
  @ActivityMethod
  PairResult verifyPair(FederationPair pair);
}
