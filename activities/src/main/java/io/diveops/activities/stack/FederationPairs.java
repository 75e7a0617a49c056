package io.diveops.activities.stack;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who trusts whom, from the registry's federation matrix: {@code matrix[home]} lists the partners
 * whose users may log in at home. Disabled or unknown instances take part in nothing.
 */
public final class FederationPairs {
  private FederationPairs() {}

  /** The enabled partners whose users log in at {@code home} (home has an IdP for each). */
  public static List<String> trusted(FederationRegistry registry, String home) {
    if (!enabled(registry, home)) {
      return List.of();
    }
    return matrix(registry).getOrDefault(home, List.of()).stream()
        .filter(partner -> !partner.equals(home) && enabled(registry, partner))
        .distinct()
        .toList();
  }

  /** The enabled instances that trust {@code partner} (partner has a client for each). */
  public static List<String> trusting(FederationRegistry registry, String partner) {
    return matrix(registry).keySet().stream()
        .filter(home -> trusted(registry, home).contains(partner))
        .toList();
  }

  /** Every federation secret an instance's realm needs: (source, target) of each pair it is in. */
  public static List<List<String>> secretPairs(FederationRegistry registry, String key) {
    List<List<String>> pairs = new ArrayList<>();
    trusted(registry, key).forEach(partner -> pairs.add(List.of(partner, key)));
    trusting(registry, key).forEach(home -> pairs.add(List.of(key, home)));
    return pairs;
  }

  private static Map<String, List<String>> matrix(FederationRegistry registry) {
    return registry.federation() == null || registry.federation().matrix() == null
        ? Map.of()
        : registry.federation().matrix();
  }

  private static boolean enabled(FederationRegistry registry, String key) {
    Optional<Instance> instance = registry.instance(key);
    return instance.isPresent() && instance.get().enabled();
  }
}
