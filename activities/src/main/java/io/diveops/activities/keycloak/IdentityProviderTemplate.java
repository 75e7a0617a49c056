package io.diveops.activities.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trust in one partner nation's broker realm, in DIVE's shape: an OIDC identity provider {@code
 * <partner>-federation} with PKCE, signature validation against the partner's JWKS and FORCE sync,
 * plus the mappers that import its DIVE claims.
 */
final class IdentityProviderTemplate {

  static final String ATTRIBUTE_IMPORTER = "oidc-user-attribute-idp-mapper";
  static final String HARDCODED_ATTRIBUTE = "hardcoded-attribute-idp-mapper";

  /** The mapper that pins countryOfAffiliation to the partner's code. */
  static final String COUNTRY_PIN = "countryOfAffiliation-pinned";

  private static final String OIDC_PATH = "/protocol/openid-connect";

  private final ObjectMapper mapper;

  IdentityProviderTemplate(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode identityProvider(PartnerIdp partner) {
    ObjectNode idp = mapper.createObjectNode();
    idp.put("alias", partner.alias());
    idp.put("displayName", partner.displayName());
    idp.put("providerId", "oidc");
    idp.put("enabled", true);
    // Partners are coalition Keycloaks that verify their own users' email, and the test users
    // are created with emailVerified=true; without trust every brokered login asks to verify.
    idp.put("trustEmail", true);
    idp.put("firstBrokerLoginFlowAlias", "first broker login");
    idp.set("config", config(partner));
    return idp;
  }

  /**
   * The identity provider's config. Browser-facing endpoints (issuer, authorization, logout) are
   * the partner's published address; the ones Keycloak calls itself (token, userinfo, JWKS) go over
   * the federation network, where the partner's loopback port does not exist.
   */
  ObjectNode config(PartnerIdp partner) {
    String issuer = stripTrailingSlash(partner.issuerBaseUrl());
    String backChannel = stripTrailingSlash(partner.backChannelBaseUrl());
    ObjectNode config = mapper.createObjectNode();
    config.put("issuer", issuer);
    config.put("authorizationUrl", issuer + OIDC_PATH + "/auth");
    config.put("logoutUrl", issuer + OIDC_PATH + "/logout");
    config.put("tokenUrl", backChannel + OIDC_PATH + "/token");
    config.put("userInfoUrl", backChannel + OIDC_PATH + "/userinfo");
    config.put("jwksUrl", backChannel + OIDC_PATH + "/certs");
    config.put("clientId", partner.clientId());
    config.put("clientSecret", partner.clientSecret());
    config.put("clientAuthMethod", "client_secret_post");
    config.put("pkceEnabled", "true");
    config.put("pkceMethod", "S256");
    // FORCE: a partner's change of clearance or COI reaches this realm at the next login.
    config.put("syncMode", "FORCE");
    config.put("validateSignature", "true");
    config.put("useJwksUrl", "true");
    config.put("defaultScope", "openid profile email");
    return config;
  }

  /**
   * One importer per DIVE claim, except countryOfAffiliation, which the partner does not get to
   * state: a hardcoded mapper sets it to the partner's code, so a partner user who claims another
   * nation still arrives as the partner's. (With an importer for it as well, the two mappers would
   * race for one attribute in an order Keycloak does not define.)
   */
  List<ObjectNode> mappers(PartnerIdp partner) {
    List<ObjectNode> mappers = new ArrayList<>();
    for (DiveClaim claim : DiveClaim.values()) {
      if (claim != DiveClaim.COUNTRY_OF_AFFILIATION) {
        mappers.add(importer(partner.alias(), claim));
      }
    }
    mappers.add(countryPin(partner));
    return mappers;
  }

  /**
   * The mappers {@link #mappers} makes for any partner, name → Keycloak mapper type, in order: what
   * a plan names, read off the template itself so the two cannot differ.
   */
  static Map<String, String> mapperTypes() {
    PartnerIdp any =
        new PartnerIdp("any", "ANY", "any", "http://any", "http://any", "any", "not a secret");
    Map<String, String> types = new LinkedHashMap<>();
    new IdentityProviderTemplate(new ObjectMapper())
        .mappers(any)
        .forEach(m -> types.put(m.get("name").asText(), m.get("identityProviderMapper").asText()));
    return types;
  }

  private ObjectNode importer(String alias, DiveClaim claim) {
    ObjectNode importer = mapper(alias, claim.attributeName(), ATTRIBUTE_IMPORTER);
    ObjectNode config = (ObjectNode) importer.get("config");
    config.put("claim", claim.attributeName());
    config.put("user.attribute", claim.attributeName());
    return importer;
  }

  private ObjectNode countryPin(PartnerIdp partner) {
    ObjectNode pin = mapper(partner.alias(), COUNTRY_PIN, HARDCODED_ATTRIBUTE);
    ObjectNode config = (ObjectNode) pin.get("config");
    config.put("attribute", DiveClaim.COUNTRY_OF_AFFILIATION.attributeName());
    config.put("attribute.value", partner.countryCode());
    return pin;
  }

  private ObjectNode mapper(String alias, String name, String type) {
    ObjectNode node = mapper.createObjectNode();
    node.put("name", name);
    node.put("identityProviderAlias", alias);
    node.put("identityProviderMapper", type);
    // INHERIT follows the IdP's FORCE mode: the attribute is set again at every login.
    node.putObject("config").put("syncMode", "INHERIT");
    return node;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
