package io.diveops.activities.federation;

import io.diveops.activities.keycloak.FederationClient;
import io.diveops.activities.keycloak.FederationSetup;
import io.diveops.activities.keycloak.RealmTemplate;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.InstanceStack;
import io.diveops.api.federation.FederationPair;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * Keycloak's own words for a failed brokered login: the error events the two realms stored (a page
 * only says "unexpected error when authenticating with identity provider"). The partner's realm
 * records a refused code exchange (CODE_TO_TOKEN_ERROR, invalid_client_credentials) for the
 * federation client; home's records what its broker made of it.
 */
final class KeycloakErrors {
  private final SecretStore secrets;

  KeycloakErrors(SecretStore secrets) {
    this.secrets = secrets;
  }

  /** " (Keycloak: …)" with the events since {@code sinceMillis}, or "" when none can be read. */
  String describe(FederationRegistry registry, FederationPair pair, long sinceMillis) {
    List<String> found = new ArrayList<>();
    String realm = registry.defaults().realm();
    events(registry, pair.partner(), realm, FederationClient.clientId(pair.home()), sinceMillis)
        .forEach(e -> found.add(pair.partner() + " " + e));
    events(registry, pair.home(), realm, null, sinceMillis)
        .forEach(e -> found.add(pair.home() + " " + e));
    return found.isEmpty() ? "" : " (Keycloak: " + String.join("; ", found) + ")";
  }

  private List<String> events(
      FederationRegistry registry, String key, String realm, String client, long sinceMillis) {
    Instance instance = registry.instance(key).orElseThrow();
    List<String> found = new ArrayList<>();
    try (Keycloak admin =
        FederationSetup.admin(
            InstanceEndpoints.url(instance, "keycloak", ""),
            InstanceStack.adminUser(instance),
            secrets.resolve(SecretNames.of(instance, "keycloakAdmin")))) {
      List<EventRepresentation> events =
          admin
              .realm(realm)
              .getEvents(RealmTemplate.ERROR_EVENTS, client, null, null, null, null, 0, 5);
      for (EventRepresentation event : events) {
        if (event.getTime() >= sinceMillis) {
          found.add(
              event.getType()
                  + " "
                  + event.getError()
                  + (event.getClientId() == null ? "" : " client " + event.getClientId()));
        }
      }
    } catch (RuntimeException e) {
      // Evidence only: an unreadable event store must not hide the step's own failure.
    }
    return found;
  }
}
