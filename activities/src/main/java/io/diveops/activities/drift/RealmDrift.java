package io.diveops.activities.drift;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.api.drift.DriftItem;
import java.util.List;

/**
 * How an instance's realm differs from the realm specification the registry generates, and how it
 * is put back.
 */
public interface RealmDrift {
  /** Never throws for an unreachable Keycloak: that is an {@code unknown} item. */
  List<DriftItem> detect(FederationRegistry registry, String instance);

  /**
   * The specification applied again, and the named identity providers removed unless the
   * specification has them.
   *
   * @return each change made
   */
  List<String> reconcile(FederationRegistry registry, String instance, List<String> extraProviders);

  /** No realm: nothing differs, nothing to put back. */
  RealmDrift NONE =
      new RealmDrift() {
        @Override
        public List<DriftItem> detect(FederationRegistry registry, String instance) {
          return List.of();
        }

        @Override
        public List<String> reconcile(
            FederationRegistry registry, String instance, List<String> extraProviders) {
          return List.of();
        }
      };
}
