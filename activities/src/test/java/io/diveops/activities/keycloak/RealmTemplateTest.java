package io.diveops.activities.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class RealmTemplateTest {

  private static final List<String> DIVE_ATTRIBUTES =
      List.of("clearance", "countryOfAffiliation", "uniqueID", "acpCOI", "organization");

  private final ObjectMapper mapper = new ObjectMapper();
  private final ObjectNode realm = new RealmTemplate(mapper).render(SampleSpecs.france());

  @Test
  void realmSettings() {
    assertThat(realm.path("realm").asText()).isEqualTo("dive-v3-broker");
    assertThat(realm.path("enabled").asBoolean()).isTrue();
    assertThat(realm.path("displayName").asText()).isEqualTo("France");
    assertThat(realm.path("sslRequired").asText()).isEqualTo("none");
    assertThat(realm.path("accessTokenLifespan").asInt()).isEqualTo(900);
  }

  @Test
  void confidentialClientWithPasswordGrant() {
    // The app client first, then one client per partner broker that sends users home.
    assertThat(realm.path("clients")).hasSize(2);
    JsonNode client = realm.path("clients").get(0);
    assertThat(client.path("clientId").asText()).isEqualTo("dive-v3-client-broker");
    assertThat(client.path("secret").asText()).isEqualTo(SampleSpecs.CLIENT_SECRET);
    assertThat(client.path("publicClient").asBoolean(true)).isFalse();
    assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
    assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isTrue();
    assertThat(client.path("serviceAccountsEnabled").asBoolean(true)).isFalse();
    assertThat(client.path("protocol").asText()).isEqualTo("openid-connect");
    assertThat(texts(client.path("redirectUris"))).containsExactly("http://127.0.0.1:13001/*");
  }

  @Test
  void clientMapsTheDiveAttributesIntoEveryToken() {
    List<JsonNode> mappers = claimMappers();
    assertThat(mappers).hasSize(5);
    List<String> claimNames = new ArrayList<>();
    for (JsonNode mapperNode : mappers) {
      assertThat(mapperNode.path("protocolMapper").asText())
          .isEqualTo("oidc-usermodel-attribute-mapper");
      assertThat(mapperNode.path("protocol").asText()).isEqualTo("openid-connect");
      JsonNode config = mapperNode.path("config");
      assertThat(config.path("user.attribute").asText())
          .isEqualTo(config.path("claim.name").asText());
      assertThat(config.path("jsonType.label").asText()).isEqualTo("String");
      for (String flag :
          List.of(
              "access.token.claim",
              "id.token.claim",
              "userinfo.token.claim",
              "introspection.token.claim")) {
        assertThat(config.path(flag).asText()).as(flag).isEqualTo("true");
      }
      claimNames.add(config.path("claim.name").asText());
    }
    assertThat(claimNames).containsExactlyElementsOf(DIVE_ATTRIBUTES);
  }

  private List<JsonNode> claimMappers() {
    return StreamSupport.stream(
            realm.path("clients").get(0).path("protocolMappers").spliterator(), false)
        .filter(m -> m.path("protocolMapper").asText().equals("oidc-usermodel-attribute-mapper"))
        .toList();
  }

  @Test
  void onlyAcpCoiIsMultivalued() {
    for (JsonNode mapperNode : claimMappers()) {
      String name = mapperNode.path("config").path("claim.name").asText();
      String multivalued = mapperNode.path("config").path("multivalued").asText();
      assertThat(multivalued).as(name).isEqualTo(name.equals("acpCOI") ? "true" : "false");
    }
  }

  @Test
  void userProfileComponentDeclaresTheDiveAttributes() throws Exception {
    JsonNode components =
        realm.path("components").path("org.keycloak.userprofile.UserProfileProvider");
    assertThat(components).hasSize(1);
    JsonNode component = components.get(0);
    assertThat(component.path("providerId").asText()).isEqualTo("declarative-user-profile");
    assertThat(component.path("subComponents").isObject()).isTrue();
    JsonNode values = component.path("config").path("kc.user.profile.config");
    assertThat(values).hasSize(1);
    assertThat(values.get(0).isTextual()).as("UPConfig is embedded as a string").isTrue();

    JsonNode upConfig = mapper.readTree(values.get(0).asText());
    assertThat(upConfig.path("unmanagedAttributePolicy").asText()).isEqualTo("ADMIN_EDIT");
    assertThat(attributeNames(upConfig))
        .containsExactly(
            "username",
            "email",
            "firstName",
            "lastName",
            "clearance",
            "countryOfAffiliation",
            "uniqueID",
            "acpCOI",
            "organization");
    for (String name : DIVE_ATTRIBUTES) {
      JsonNode attribute = attribute(upConfig, name);
      assertThat(texts(attribute.path("permissions").path("view"))).as(name).contains("admin");
      assertThat(texts(attribute.path("permissions").path("edit")))
          .as(name)
          .containsExactly("admin");
      assertThat(attribute.has("required")).as(name + " must not be required").isFalse();
      assertThat(attribute.path("multivalued").asBoolean())
          .as(name)
          .isEqualTo(name.equals("acpCOI"));
    }
  }

  @Test
  void userProfileKeepsTheDefaultAttributeRules() throws Exception {
    JsonNode upConfig =
        mapper.readTree(
            realm
                .path("components")
                .path("org.keycloak.userprofile.UserProfileProvider")
                .get(0)
                .path("config")
                .path("kc.user.profile.config")
                .get(0)
                .asText());
    JsonNode username = attribute(upConfig, "username");
    assertThat(username.path("validations").path("length").path("min").asInt()).isEqualTo(3);
    assertThat(username.path("validations").has("up-username-not-idn-homograph")).isTrue();
    assertThat(attribute(upConfig, "email").path("validations").has("email")).isTrue();
    assertThat(texts(attribute(upConfig, "lastName").path("required").path("roles")))
        .containsExactly("user");
  }

  @Test
  void fourUsersWithAttributesAndPermanentPasswords() {
    JsonNode users = realm.path("users");
    assertThat(users).hasSize(4);
    JsonNode topSecret = users.get(3);
    assertThat(topSecret.path("username").asText()).isEqualTo("testuser-fra-4");
    assertThat(topSecret.path("enabled").asBoolean()).isTrue();
    assertThat(topSecret.path("emailVerified").asBoolean()).isTrue();
    assertThat(topSecret.path("email").asText()).isEqualTo("testuser-fra-4@fra.dive.local");
    assertThat(topSecret.path("firstName").asText()).isNotBlank();
    assertThat(topSecret.path("lastName").asText()).isNotBlank();
    assertThat(topSecret.path("requiredActions").isArray()).isTrue();
    assertThat(topSecret.path("requiredActions")).isEmpty();

    JsonNode attributes = topSecret.path("attributes");
    assertThat(texts(attributes.path("clearance"))).containsExactly("TOP_SECRET");
    assertThat(texts(attributes.path("countryOfAffiliation"))).containsExactly("FRA");
    assertThat(texts(attributes.path("uniqueID"))).containsExactly("testuser-fra-4");
    assertThat(texts(attributes.path("acpCOI"))).containsExactly("NATO");

    JsonNode credentials = topSecret.path("credentials");
    assertThat(credentials).hasSize(1);
    assertThat(credentials.get(0).path("type").asText()).isEqualTo("password");
    assertThat(credentials.get(0).path("value").asText()).isEqualTo(SampleSpecs.USER_PASSWORD);
    assertThat(credentials.get(0).path("temporary").asBoolean(true)).isFalse();
  }

  @Test
  void unclassifiedUserHasAnEmptyCommunityList() {
    JsonNode acpCoi = realm.path("users").get(0).path("attributes").path("acpCOI");
    assertThat(acpCoi.isArray()).isTrue();
    assertThat(acpCoi).isEmpty();
  }

  @Test
  void oneEnabledOidcProviderPerPartnerInDivesShape() {
    JsonNode idps = realm.path("identityProviders");
    assertThat(idps).hasSize(2);

    JsonNode usa = idps.get(0);
    assertThat(usa.path("alias").asText()).isEqualTo("usa-federation");
    assertThat(usa.path("displayName").asText()).isEqualTo("United States");
    assertThat(usa.path("providerId").asText()).isEqualTo("oidc");
    assertThat(usa.path("enabled").asBoolean()).isTrue();
    assertThat(usa.path("trustEmail").asBoolean()).isTrue();
    assertThat(usa.path("firstBrokerLoginFlowAlias").asText()).isEqualTo("first broker login");

    String issuer = "http://127.0.0.1:18080/realms/dive-v3-broker";
    String backChannel = "http://dive-v3-keycloak-usa:8080/realms/dive-v3-broker";
    JsonNode config = usa.path("config");
    assertThat(config.path("issuer").asText()).isEqualTo(issuer);
    assertThat(config.path("authorizationUrl").asText())
        .isEqualTo(issuer + "/protocol/openid-connect/auth");
    assertThat(config.path("logoutUrl").asText())
        .isEqualTo(issuer + "/protocol/openid-connect/logout");
    assertThat(config.path("tokenUrl").asText())
        .isEqualTo(backChannel + "/protocol/openid-connect/token");
    assertThat(config.path("userInfoUrl").asText())
        .isEqualTo(backChannel + "/protocol/openid-connect/userinfo");
    assertThat(config.path("jwksUrl").asText())
        .isEqualTo(backChannel + "/protocol/openid-connect/certs");
    assertThat(config.path("clientId").asText()).isEqualTo("dive-v3-fra-federation");
    assertThat(config.path("clientSecret").asText()).isEqualTo(SampleSpecs.USA_SECRET);
    assertThat(config.path("clientAuthMethod").asText()).isEqualTo("client_secret_post");
    assertThat(config.path("pkceEnabled").asText()).isEqualTo("true");
    assertThat(config.path("pkceMethod").asText()).isEqualTo("S256");
    assertThat(config.path("syncMode").asText()).isEqualTo("FORCE");
    assertThat(config.path("validateSignature").asText()).isEqualTo("true");
    assertThat(config.path("useJwksUrl").asText()).isEqualTo("true");
    assertThat(config.path("defaultScope").asText()).isEqualTo("openid profile email");
  }

  @Test
  void partnerAliasIsLowerCaseAndTrailingSlashIsDropped() {
    JsonNode gbr = realm.path("identityProviders").get(1);
    assertThat(gbr.path("alias").asText()).isEqualTo("gbr-federation");
    assertThat(gbr.path("config").path("issuer").asText())
        .isEqualTo("http://127.0.0.1:18082/realms/dive-v3-broker");
    assertThat(gbr.path("config").path("jwksUrl").asText())
        .isEqualTo(
            "http://dive-v3-keycloak-gbr:8080/realms/dive-v3-broker/protocol/openid-connect/certs");
  }

  @Test
  void claimImportersPerPartnerAndTheCountryPinnedToThePartnersCode() {
    JsonNode mappers = realm.path("identityProviderMappers");
    assertThat(mappers).hasSize(10);
    for (String alias : List.of("usa-federation", "gbr-federation")) {
      List<JsonNode> forAlias =
          StreamSupport.stream(mappers.spliterator(), false)
              .filter(m -> m.path("identityProviderAlias").asText().equals(alias))
              .toList();
      assertThat(forAlias).as(alias).hasSize(5);
      List<JsonNode> importers =
          forAlias.stream()
              .filter(
                  m ->
                      m.path("identityProviderMapper")
                          .asText()
                          .equals("oidc-user-attribute-idp-mapper"))
              .toList();
      // countryOfAffiliation is never taken from the partner's claim: it is pinned.
      assertThat(importers)
          .extracting(m -> m.path("config").path("claim").asText())
          .containsExactly("clearance", "uniqueID", "acpCOI", "organization");
      for (JsonNode importer : importers) {
        JsonNode config = importer.path("config");
        assertThat(config.path("user.attribute").asText()).isEqualTo(config.path("claim").asText());
        assertThat(config.path("syncMode").asText()).isEqualTo("INHERIT");
      }
      JsonNode pin =
          forAlias.stream()
              .filter(
                  m ->
                      m.path("identityProviderMapper")
                          .asText()
                          .equals("hardcoded-attribute-idp-mapper"))
              .findFirst()
              .orElseThrow();
      assertThat(pin.path("config").path("attribute").asText()).isEqualTo("countryOfAffiliation");
      assertThat(pin.path("config").path("attribute.value").asText())
          .isEqualTo(alias.startsWith("usa") ? "USA" : "GBR");
    }
  }

  @Test
  void aClientPerPartnerBrokerRedirectingToThatBrokerOnly() {
    JsonNode client =
        StreamSupport.stream(realm.path("clients").spliterator(), false)
            .filter(c -> c.path("clientId").asText().equals("dive-v3-usa-federation"))
            .findFirst()
            .orElseThrow();
    assertThat(client.path("publicClient").asBoolean(true)).isFalse();
    assertThat(client.path("secret").asText()).isEqualTo(SampleSpecs.USA_CLIENT_SECRET);
    assertThat(client.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(client.path("redirectUris"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "http://127.0.0.1:18080/realms/dive-v3-broker/broker/fra-federation/endpoint");
    assertThat(client.path("attributes").path("pkce.code.challenge.method").asText())
        .isEqualTo("S256");
    assertThat(client.path("protocolMappers"))
        .extracting(m -> m.path("name").asText())
        .containsExactlyElementsOf(DIVE_ATTRIBUTES);
  }

  @Test
  void theAppClientPutsItselfInTheAudience() {
    JsonNode audience =
        StreamSupport.stream(
                realm.path("clients").get(0).path("protocolMappers").spliterator(), false)
            .filter(m -> m.path("protocolMapper").asText().equals("oidc-audience-mapper"))
            .findFirst()
            .orElseThrow();
    assertThat(audience.path("config").path("included.client.audience").asText())
        .isEqualTo("dive-v3-client-broker");
  }

  @Test
  void errorEventsAreKept() {
    assertThat(realm.path("eventsEnabled").asBoolean()).isTrue();
    assertThat(realm.path("enabledEventTypes"))
        .extracting(JsonNode::asText)
        .contains("CODE_TO_TOKEN_ERROR", "IDENTITY_PROVIDER_LOGIN_ERROR");
  }

  @Test
  void realmWithoutPartnersOrUsersStillRenders() {
    RealmSpec lonely =
        new RealmSpec(
            "dive-v3-broker",
            "usa",
            "USA",
            "United States",
            "dive-v3-client-broker",
            "s",
            List.of("http://127.0.0.1:13000/*"),
            null,
            null,
            null);
    ObjectNode rendered = new RealmTemplate().render(lonely);
    assertThat(rendered.path("identityProviders")).isEmpty();
    assertThat(rendered.path("identityProviderMappers")).isEmpty();
    assertThat(rendered.path("users")).isEmpty();
  }

  @Test
  void toJsonRoundTrips() throws Exception {
    RealmTemplate template = new RealmTemplate(mapper);
    assertThat(mapper.readTree(template.toJson(SampleSpecs.france()))).isEqualTo(realm);
  }

  private static List<String> attributeNames(JsonNode upConfig) {
    return StreamSupport.stream(upConfig.path("attributes").spliterator(), false)
        .map(a -> a.path("name").asText())
        .toList();
  }

  private static JsonNode attribute(JsonNode upConfig, String name) {
    return StreamSupport.stream(upConfig.path("attributes").spliterator(), false)
        .filter(a -> a.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
