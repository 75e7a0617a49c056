package io.diveops.activities.drift;

import io.diveops.activities.keycloak.FederationSetup;
import io.diveops.activities.keycloak.RealmDifference;
import io.diveops.activities.keycloak.RealmSpec;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.InstanceStack;
import io.diveops.activities.stack.RealmSpecs;
import io.diveops.api.alert.Severity;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.admin.client.Keycloak;

/**
 * The realm's federation against the specification the registry generates ({@link RealmSpecs}),
 * through {@link FederationSetup#differences}: the same templates and comparisons {@code sandbox
 * up} applies with. A Keycloak that cannot be read is one {@code unknown} item for its realm.
 */
public class KeycloakRealmDrift implements RealmDrift {
  /** Opens Keycloak's admin API ({@link FederationSetup#admin} in production). */
  @FunctionalInterface
  public interface Admins {
    Keycloak open(String serverUrl, String user, String password);
  }

  private final SecretStore secrets;
  private final Path registryFile;
  private final Admins admins;
  private final FederationSetup setup = new FederationSetup();

  public KeycloakRealmDrift(SecretStore secrets, Path registryFile, Admins admins) {
    this.secrets = secrets;
    this.registryFile = registryFile;
    this.admins = admins;
  }

  public KeycloakRealmDrift(SecretStore secrets, Path registryFile) {
    this(secrets, registryFile, FederationSetup::admin);
  }

  @Override
  public List<DriftItem> detect(FederationRegistry registry, String key) {
    String realm = registry.defaults().realm();
    try {
      RealmSpec spec = new RealmSpecs(secrets).forInstance(registry, key);
      try (Keycloak admin = open(registry, key)) {
        return setup.differences(admin, spec).stream().map(d -> item(key, d)).toList();
      }
    } catch (RuntimeException e) {
      return List.of(
          DriftItem.unknown(
              key,
              "realm " + realm,
              "Keycloak cannot be read: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  /**
   * Through the same {@link FederationSetup#apply} as {@code sandbox up}; a provider the report
   * named is removed only when the specification does not have it (a registry changed since).
   */
  @Override
  public List<String> reconcile(
      FederationRegistry registry, String key, List<String> extraProviders) {
    RealmSpec spec = new RealmSpecs(secrets).forInstance(registry, key);
    try (Keycloak admin = open(registry, key)) {
      List<String> changes = new ArrayList<>(setup.apply(admin, spec));
      var providers = admin.realm(spec.realm()).identityProviders();
      for (String alias : extraProviders) {
        boolean wanted = spec.partners().stream().anyMatch(p -> p.alias().equals(alias));
        boolean present = providers.findAll().stream().anyMatch(p -> p.getAlias().equals(alias));
        if (!wanted && present) {
          providers.get(alias).remove();
          changes.add("identity provider " + alias + ": removed (not in the registry)");
        }
      }
      return changes;
    }
  }

  private Keycloak open(FederationRegistry registry, String key) {
    Instance instance = registry.instance(key).orElseThrow();
    return admins.open(
        InstanceEndpoints.url(instance, "keycloak", ""),
        InstanceStack.adminUser(instance),
        secrets.resolve(SecretNames.of(instance, "keycloakAdmin")));
  }

  DriftItem item(String key, RealmDifference d) {
    String source =
        d.resource().startsWith("client dive-v3-client")
            ? registryFile + "#/instances/" + key
            : registryFile + "#/federation/matrix/" + key;
    return DriftItem.of(
        key,
        d.resource(),
        d.path(),
        switch (d.kind()) {
          case MISSING -> DriftCategory.MISSING;
          case EXTRA -> DriftCategory.EXTRA;
          case CHANGED -> DriftCategory.CHANGED;
        },
        d.desired(),
        d.actual(),
        source,
        d.weakensSecurity() ? Severity.CRITICAL : Severity.WARNING);
  }
}
