package io.diveops.activities.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Trust in one partner nation's broker realm, plus the mappers that import its DIVE claims. */
final class IdentityProviderTemplate {

  static final String ATTRIBUTE_IMPORTER = "oidc-user-attribute-idp-mapper";

  private static final String OIDC_PATH = "/protocol/openid-connect";

  private final ObjectMapper mapper;

  IdentityProviderTemplate(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code usa-idp} for instance key {@code USA} or {@code usa}. */
  static String alias(PartnerIdp partner) {
    return partner.instanceKey().toLowerCase(Locale.ROOT) + "-idp";
  }

  ObjectNode identityProvider(PartnerIdp partner) {
    ObjectNode idp = mapper.createObjectNode();
    idp.put("alias", alias(partner));
    idp.put("displayName", partner.displayName());
    idp.put("providerId", "oidc");
    idp.put("enabled", true);
    // Partners are coalition Keycloaks that verify their own users' email, and the test users
    // are created with emailVerified=true; without trust every brokered login asks to verify.
    idp.put("trustEmail", true);
    idp.put("firstBrokerLoginFlowAlias", "first broker login");

    String issuer = stripTrailingSlash(partner.issuerBaseUrl());
    ObjectNode config = idp.putObject("config");
    config.put("issuer", issuer);
    config.put("authorizationUrl", issuer + OIDC_PATH + "/auth");
    config.put("tokenUrl", issuer + OIDC_PATH + "/token");
    config.put("userInfoUrl", issuer + OIDC_PATH + "/userinfo");
    config.put("jwksUrl", issuer + OIDC_PATH + "/certs");
    config.put("logoutUrl", issuer + OIDC_PATH + "/logout");
    config.put("clientId", partner.clientId());
    config.put("clientSecret", partner.clientSecret());
    config.put("clientAuthMethod", "client_secret_post");
    config.put("syncMode", "IMPORT");
    config.put("validateSignature", "true");
    config.put("useJwksUrl", "true");
    config.put("defaultScope", "openid profile email");
    return idp;
  }

  List<ObjectNode> mappers(PartnerIdp partner) {
    String alias = alias(partner);
    return Arrays.stream(DiveClaim.values()).map(claim -> importer(alias, claim)).toList();
  }

  private ObjectNode importer(String alias, DiveClaim claim) {
    ObjectNode importer = mapper.createObjectNode();
    importer.put("name", claim.attributeName());
    importer.put("identityProviderAlias", alias);
    importer.put("identityProviderMapper", ATTRIBUTE_IMPORTER);
    ObjectNode config = importer.putObject("config");
    config.put("claim", claim.attributeName());
    config.put("user.attribute", claim.attributeName());
    // INHERIT follows the IdP's IMPORT mode: claims are copied at first login only.
    config.put("syncMode", "INHERIT");
    return importer;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
