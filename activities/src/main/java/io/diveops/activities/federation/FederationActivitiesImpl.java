package io.diveops.activities.federation;

import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.stack.FederationPairs;
import io.diveops.api.FailureType;
import io.diveops.api.federation.FederationActivities;
import io.diveops.api.federation.FederationPair;
import io.diveops.api.federation.PairResult;
import io.diveops.api.federation.VerifyFederationInput;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

public class FederationActivitiesImpl implements FederationActivities {
  private final EnabledInstances instances;
  private final BrokeredLogin login;

  public FederationActivitiesImpl(EnabledInstances instances, BrokeredLogin login) {
    this.instances = instances;
    this.login = login;
  }

  @Override
  public List<FederationPair> pairs(VerifyFederationInput input) {
    FederationRegistry registry = instances.registry();
    if (input.pair() != null) {
      return List.of(federated(registry, input.pair()));
    }
    // Every instance asked for must exist and be enabled (else the run fails naming it); a row's
    // partners count only when they are among them.
    TreeSet<String> among = new TreeSet<>();
    if (input.instances().isEmpty()) {
      registry.instances().entrySet().stream()
          .filter(entry -> entry.getValue().enabled())
          .forEach(entry -> among.add(entry.getKey()));
    } else {
      for (String key : input.instances()) {
        instances.get(registry, key);
        among.add(key);
      }
    }
    List<FederationPair> pairs = new ArrayList<>();
    for (String home : among) {
      FederationPairs.trusted(registry, home).stream()
          .filter(among::contains)
          .sorted()
          .forEach(partner -> pairs.add(new FederationPair(home, partner)));
    }
    return pairs;
  }

  @Override
  public PairResult verifyPair(FederationPair pair) {
    return login.run(instances.registry(), pair);
  }

  /** The pair asked for, once both ends are enabled and home's row of the matrix names partner. */
  private FederationPair federated(FederationRegistry registry, FederationPair pair) {
    instances.get(registry, pair.home());
    instances.get(registry, pair.partner());
    List<String> row = FederationPairs.trusted(registry, pair.home());
    if (!row.contains(pair.partner())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "instance '"
              + pair.home()
              + "' does not federate with '"
              + pair.partner()
              + "': federation.matrix."
              + pair.home()
              + " in "
              + instances.registryFile()
              + " lists "
              + (row.isEmpty() ? "no partner" : String.join(", ", row)),
          FailureType.NOT_FEDERATED.type());
    }
    return pair;
  }
}
