package io.diveops.activities.drift;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.api.drift.DriftItem;
import java.util.List;

/** How an instance's realm differs from the realm specification the registry generates. */
@FunctionalInterface
public interface RealmDrift {
  /** Never throws for an unreachable Keycloak: that is an {@code unknown} item. */
  List<DriftItem> detect(FederationRegistry registry, String instance);

  RealmDrift NONE = (registry, instance) -> List.of();
}
