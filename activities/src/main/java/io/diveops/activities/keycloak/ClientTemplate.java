package io.diveops.activities.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The confidential OIDC clients of a realm: the one the DIVE web app and the runbooks authenticate
 * through, and one per partner broker that sends this realm's users home.
 */
final class ClientTemplate {

  static final String ATTRIBUTE_MAPPER = "oidc-usermodel-attribute-mapper";
  static final String AUDIENCE_MAPPER = "oidc-audience-mapper";

  /** The audience mapper's name: the resource API accepts only tokens meant for the app. */
  static final String AUDIENCE = "audience";

  private final ObjectMapper mapper;

  ClientTemplate(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode client(RealmSpec spec) {
    ObjectNode client = mapper.createObjectNode();
    client.put("clientId", spec.clientId());
    client.put("name", "DIVE V3 " + spec.displayName());
    client.put("enabled", true);
    client.put("protocol", "openid-connect");
    client.put("publicClient", false);
    client.put("clientAuthenticatorType", "client-secret");
    client.put("secret", spec.clientSecret());
    client.put("standardFlowEnabled", true);
    client.put("implicitFlowEnabled", false);
    // The verification runbook fetches a token with the password grant, which needs this.
    client.put("directAccessGrantsEnabled", true);
    client.put("serviceAccountsEnabled", false);
    spec.redirectUris().forEach(client.putArray("redirectUris")::add);
    // "+" reuses the redirect URIs; without it Keycloak 26 rejects the app's logout redirect.
    client.putObject("attributes").put("post.logout.redirect.uris", "+");
    appMappers(spec.clientId()).forEach(client.withArray("protocolMappers")::add);
    return client;
  }

  /** The app client's mappers: every DIVE claim, and the client itself as the audience. */
  List<ObjectNode> appMappers(String clientId) {
    List<ObjectNode> mappers = new ArrayList<>(claimMappers());
    ObjectNode audience = mapper.createObjectNode();
    audience.put("name", AUDIENCE);
    audience.put("protocol", "openid-connect");
    audience.put("protocolMapper", AUDIENCE_MAPPER);
    audience.put("consentRequired", false);
    ObjectNode config = audience.putObject("config");
    config.put("included.client.audience", clientId);
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "false");
    config.put("introspection.token.claim", "true");
    mappers.add(audience);
    return mappers;
  }

  List<ObjectNode> claimMappers() {
    return Arrays.stream(DiveClaim.values()).map(this::claimMapper).toList();
  }

  /**
   * The client a partner's broker uses: authorization code only (with PKCE), redirecting to that
   * broker's endpoint for this realm and nowhere else, emitting the DIVE claims it imports.
   */
  ObjectNode federationClient(FederationClient federation) {
    ObjectNode client = mapper.createObjectNode();
    client.put("clientId", federation.clientId());
    client.put("name", "DIVE V3 federation: " + federation.homeKey());
    client.put("enabled", true);
    client.put("protocol", "openid-connect");
    client.put("publicClient", false);
    client.put("clientAuthenticatorType", "client-secret");
    client.put("secret", federation.secret());
    client.put("standardFlowEnabled", true);
    client.put("implicitFlowEnabled", false);
    client.put("directAccessGrantsEnabled", false);
    client.put("serviceAccountsEnabled", false);
    client.putArray("redirectUris").add(federation.redirectUri());
    client.putObject("attributes").put("pkce.code.challenge.method", "S256");
    claimMappers().forEach(client.withArray("protocolMappers")::add);
    return client;
  }

  private ObjectNode claimMapper(DiveClaim claim) {
    ObjectNode mapperNode = mapper.createObjectNode();
    mapperNode.put("name", claim.attributeName());
    mapperNode.put("protocol", "openid-connect");
    mapperNode.put("protocolMapper", ATTRIBUTE_MAPPER);
    mapperNode.put("consentRequired", false);
    ObjectNode config = mapperNode.putObject("config");
    config.put("user.attribute", claim.attributeName());
    config.put("claim.name", claim.attributeName());
    config.put("jsonType.label", "String");
    // acpCOI must stay a JSON array even with one entry, or policies reading it as a list break.
    config.put("multivalued", Boolean.toString(claim.multivalued()));
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "true");
    config.put("userinfo.token.claim", "true");
    config.put("introspection.token.claim", "true");
    return mapperNode;
  }
}
