package io.diveops.activities.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Renders one nation's DIVE V3 broker realm as a Keycloak 26 realm representation, for {@code kc.sh
 * start --import-realm} to load from {@code /opt/keycloak/data/import/<realm>.json}.
 *
 * <p>Only what DIVE depends on is stated; Keycloak fills in every other realm default on import.
 */
public final class RealmTemplate {

  /** Tokens outlive a slow manual runbook step but still expire within one session. */
  static final int ACCESS_TOKEN_LIFESPAN_SECONDS = 900;

  static final int EVENTS_EXPIRATION_SECONDS = 86_400;

  /** The error events a realm stores: enough to explain a failed login, and nothing routine. */
  public static final List<String> ERROR_EVENTS =
      List.of(
          "LOGIN_ERROR",
          "CODE_TO_TOKEN_ERROR",
          "IDENTITY_PROVIDER_LOGIN_ERROR",
          "IDENTITY_PROVIDER_FIRST_LOGIN_ERROR",
          "IDENTITY_PROVIDER_POST_LOGIN_ERROR",
          "IDENTITY_PROVIDER_RETRIEVE_TOKEN_ERROR");

  private final ObjectMapper mapper;
  private final ClientTemplate clients;
  private final UserProfileTemplate userProfile;
  private final IdentityProviderTemplate identityProviders;

  public RealmTemplate() {
    this(new ObjectMapper());
  }

  public RealmTemplate(ObjectMapper mapper) {
    this.mapper = mapper;
    this.clients = new ClientTemplate(mapper);
    this.userProfile = new UserProfileTemplate(mapper);
    this.identityProviders = new IdentityProviderTemplate(mapper);
  }

  public ObjectNode render(RealmSpec spec) {
    ObjectNode realm = mapper.createObjectNode();
    realm.put("realm", spec.realm());
    realm.put("enabled", true);
    realm.put("displayName", spec.displayName());
    // The sandbox serves plain HTTP on loopback with no TLS in front of Keycloak. The default,
    // "external", refuses plain HTTP from any non-private address (e.g. a forwarded port), so
    // "none" is set instead; it is only safe because nothing outside the host can reach it.
    realm.put("sslRequired", "none");
    realm.put("accessTokenLifespan", ACCESS_TOKEN_LIFESPAN_SECONDS);

    // Failed logins and code exchanges are kept a day, so a failed federation check can name
    // Keycloak's own error (invalid_client_credentials, say) rather than "unexpected error".
    realm.put("eventsEnabled", true);
    realm.put("eventsExpiration", EVENTS_EXPIRATION_SECONDS);
    ERROR_EVENTS.forEach(realm.putArray("enabledEventTypes")::add);

    ArrayNode clientList = realm.putArray("clients");
    clientList.add(clients.client(spec));
    spec.federationClients().forEach(client -> clientList.add(clients.federationClient(client)));
    realm.set("components", userProfile.components());
    realm.set("users", users(spec.testUsers()));

    ArrayNode idps = realm.putArray("identityProviders");
    ArrayNode idpMappers = realm.putArray("identityProviderMappers");
    for (PartnerIdp partner : spec.partners()) {
      idps.add(identityProviders.identityProvider(partner));
      identityProviders.mappers(partner).forEach(idpMappers::add);
    }
    return realm;
  }

  /** The realm file's content, pretty-printed so operators can diff two instances' files. */
  public String toJson(RealmSpec spec) {
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(render(spec));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize realm " + spec.realm(), e);
    }
  }

  private ArrayNode users(List<TestUser> testUsers) {
    ArrayNode users = mapper.createArrayNode();
    testUsers.forEach(user -> users.add(user(user)));
    return users;
  }

  private ObjectNode user(TestUser user) {
    ObjectNode node = mapper.createObjectNode();
    node.put("username", user.username());
    node.put("enabled", true);
    // Verified up front so the runbook's password grant is not blocked by a VERIFY_EMAIL action.
    node.put("emailVerified", true);
    node.put("email", user.email());
    node.put("firstName", user.firstName());
    node.put("lastName", user.lastName());

    ObjectNode attributes = node.putObject("attributes");
    attributes.putArray(DiveClaim.CLEARANCE.attributeName()).add(user.clearance());
    attributes
        .putArray(DiveClaim.COUNTRY_OF_AFFILIATION.attributeName())
        .add(user.countryOfAffiliation());
    attributes.putArray(DiveClaim.UNIQUE_ID.attributeName()).add(user.uniqueId());
    user.acpCoi().forEach(attributes.putArray(DiveClaim.ACP_COI.attributeName())::add);
    if (user.organization() != null) {
      attributes.putArray(DiveClaim.ORGANIZATION.attributeName()).add(user.organization());
    }

    ObjectNode credential = node.putArray("credentials").addObject();
    credential.put("type", "password");
    credential.put("value", user.password());
    credential.put("temporary", false);
    node.putArray("requiredActions");
    return node;
  }
}
