package io.diveops.activities.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The confidential OIDC client the DIVE web app and the runbook authenticate through. */
final class ClientTemplate {

  static final String ATTRIBUTE_MAPPER = "oidc-usermodel-attribute-mapper";

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
    for (DiveClaim claim : DiveClaim.values()) {
      client.withArray("protocolMappers").add(claimMapper(claim));
    }
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
