package io.diveops.activities.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.activities.keycloak.RealmDifference.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.ClientsResource;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.IdentityProvidersResource;
import org.keycloak.admin.client.resource.ProtocolMappersResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * The read-only pass over a realm (a mocked admin API) that holds first exactly what the templates
 * render, plus the ids and server defaults Keycloak adds, then one change at a time.
 */
class FederationDifferencesTest {
  final ObjectMapper json = new ObjectMapper();
  final ClientTemplate clients = new ClientTemplate(json);
  final IdentityProviderTemplate providers = new IdentityProviderTemplate(json);
  final RealmSpec spec = SampleSpecs.france();

  final Map<String, ClientRepresentation> liveClients = new LinkedHashMap<>();
  final Map<String, String> secrets = new HashMap<>();
  final Map<String, List<ProtocolMapperRepresentation>> clientMappers = new HashMap<>();
  final Map<String, IdentityProviderRepresentation> liveIdps = new LinkedHashMap<>();
  final Map<String, List<IdentityProviderMapperRepresentation>> idpMappers = new HashMap<>();
  Keycloak admin;

  @BeforeEach
  void aRealmAsApplyLeavesIt() {
    ClientRepresentation app = json.convertValue(clients.client(spec), ClientRepresentation.class);
    addClient(app, spec.clientSecret(), clients.appMappers(spec.clientId()));
    for (FederationClient federation : spec.federationClients()) {
      addClient(
          json.convertValue(clients.federationClient(federation), ClientRepresentation.class),
          federation.secret(),
          clients.claimMappers());
    }
    for (PartnerIdp partner : spec.partners()) {
      IdentityProviderRepresentation idp =
          json.convertValue(
              providers.identityProvider(partner), IdentityProviderRepresentation.class);
      idp.setInternalId("internal-" + partner.alias());
      idp.getConfig().put("clientSecret", "**********"); // masked on read
      idp.getConfig().put("hideOnLoginPage", "false"); // a server default
      liveIdps.put(partner.alias(), idp);
      List<IdentityProviderMapperRepresentation> mappers = new ArrayList<>();
      providers
          .mappers(partner)
          .forEach(
              node -> {
                var m = json.convertValue(node, IdentityProviderMapperRepresentation.class);
                m.setId("id-" + m.getName());
                m.getConfig().put("attributes", "[]"); // a server default
                mappers.add(m);
              });
      idpMappers.put(partner.alias(), mappers);
    }
    admin = admin();
  }

  private void addClient(
      ClientRepresentation client,
      String secret,
      List<com.fasterxml.jackson.databind.node.ObjectNode> mappers) {
    client.setId("uuid-" + client.getClientId());
    client.setSecret(null);
    client.setProtocolMappers(null);
    liveClients.put(client.getClientId(), client);
    secrets.put(client.getClientId(), secret);
    List<ProtocolMapperRepresentation> live = new ArrayList<>();
    mappers.forEach(
        node -> {
          var m = json.convertValue(node, ProtocolMapperRepresentation.class);
          m.setId("id-" + m.getName());
          live.add(m);
        });
    clientMappers.put(client.getClientId(), live);
  }

  /** Answers from the maps above at the time of each call. */
  private Keycloak admin() {
    Keycloak keycloak = mock(Keycloak.class);
    RealmResource realm = mock(RealmResource.class);
    ClientsResource clientsResource = mock(ClientsResource.class);
    IdentityProvidersResource idps = mock(IdentityProvidersResource.class);
    when(keycloak.realm(spec.realm())).thenReturn(realm);
    when(realm.clients()).thenReturn(clientsResource);
    when(realm.identityProviders()).thenReturn(idps);
    when(clientsResource.findAll()).thenAnswer(call -> List.copyOf(liveClients.values()));
    when(clientsResource.findByClientId(anyString()))
        .thenAnswer(
            call -> {
              ClientRepresentation c = liveClients.get((String) call.getArgument(0));
              return c == null ? List.of() : List.of(c);
            });
    when(clientsResource.get(anyString()))
        .thenAnswer(
            call -> {
              String clientId = ((String) call.getArgument(0)).substring("uuid-".length());
              ClientResource resource = mock(ClientResource.class);
              when(resource.toRepresentation()).thenAnswer(c -> liveClients.get(clientId));
              CredentialRepresentation credential = new CredentialRepresentation();
              credential.setValue(secrets.get(clientId));
              when(resource.getSecret()).thenReturn(credential);
              ProtocolMappersResource mappers = mock(ProtocolMappersResource.class);
              when(mappers.getMappers()).thenAnswer(c -> clientMappers.get(clientId));
              when(resource.getProtocolMappers()).thenReturn(mappers);
              return resource;
            });
    when(idps.findAll()).thenAnswer(call -> List.copyOf(liveIdps.values()));
    when(idps.get(anyString()))
        .thenAnswer(
            call -> {
              String alias = call.getArgument(0);
              IdentityProviderResource resource = mock(IdentityProviderResource.class);
              when(resource.getMappers()).thenAnswer(c -> idpMappers.get(alias));
              return resource;
            });
    return keycloak;
  }

  List<RealmDifference> differences() {
    return new FederationSetup().differences(admin, spec);
  }

  @Test
  void aRealmAsApplyLeavesItHasNoDifferenceDespiteIdsMaskedSecretsAndServerDefaults() {
    assertThat(differences()).isEmpty();
  }

  @Test
  void anIdentityProviderNotInTheRegistryIsACriticalExtra() {
    IdentityProviderRepresentation rogue = new IdentityProviderRepresentation();
    rogue.setAlias("rogue-oidc");
    rogue.setConfig(Map.of());
    liveIdps.put("rogue-oidc", rogue);
    idpMappers.put("rogue-oidc", List.of());

    assertThat(differences())
        .containsExactly(
            new RealmDifference("idp rogue-oidc", "", Kind.EXTRA, null, "present", true));
  }

  @Test
  void signatureValidationTurnedOffIsACriticalChange() {
    liveIdps.get("usa-federation").getConfig().put("validateSignature", "false");

    assertThat(differences())
        .containsExactly(
            new RealmDifference(
                "idp usa-federation",
                "config.validateSignature",
                Kind.CHANGED,
                "true",
                "false",
                true));
  }

  @Test
  void aRedirectUriTheRegistryDoesNotGenerateIsCritical() {
    liveClients
        .get(spec.clientId())
        .setRedirectUris(List.of("http://127.0.0.1:13001/*", "https://evil.example/*"));
    liveClients
        .get("dive-v3-usa-federation")
        .setRedirectUris(List.of("https://evil.example/endpoint"));

    assertThat(differences())
        .extracting(
            RealmDifference::resource,
            RealmDifference::path,
            RealmDifference::actual,
            RealmDifference::weakensSecurity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "client dive-v3-client-broker", "redirectUris", "https://evil.example/*", true),
            org.assertj.core.groups.Tuple.tuple(
                "client dive-v3-usa-federation",
                "redirectUris",
                "https://evil.example/endpoint",
                true));
  }

  @Test
  void mappersMissingExtraAndChangedAndClientsMissingAndExtra() {
    idpMappers.get("usa-federation").removeIf(m -> m.getName().equals("clearance"));
    var extra = new IdentityProviderMapperRepresentation();
    extra.setName("by-hand");
    extra.setIdentityProviderMapper("hardcoded-attribute-idp-mapper");
    extra.setConfig(Map.of());
    idpMappers.get("usa-federation").add(extra);
    idpMappers.get("gbr-federation").stream()
        .filter(m -> m.getIdentityProviderMapper().startsWith("hardcoded"))
        .forEach(m -> m.getConfig().put("attribute.value", "USA"));
    liveClients.remove("dive-v3-usa-federation");
    ClientRepresentation stale = new ClientRepresentation();
    stale.setClientId("dive-v3-deu-federation");
    stale.setId("uuid-dive-v3-deu-federation");
    liveClients.put(stale.getClientId(), stale);

    assertThat(differences())
        .extracting(
            RealmDifference::resource,
            RealmDifference::path,
            RealmDifference::kind,
            RealmDifference::weakensSecurity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "idp usa-federation", "mappers.clearance", Kind.MISSING, false),
            org.assertj.core.groups.Tuple.tuple(
                "idp usa-federation", "mappers.by-hand", Kind.EXTRA, false),
            org.assertj.core.groups.Tuple.tuple(
                "idp gbr-federation",
                "mappers." + IdentityProviderTemplate.COUNTRY_PIN,
                Kind.CHANGED,
                true),
            org.assertj.core.groups.Tuple.tuple(
                "client dive-v3-usa-federation", "", Kind.MISSING, false),
            org.assertj.core.groups.Tuple.tuple(
                "client dive-v3-deu-federation", "", Kind.EXTRA, true));
  }

  @Test
  void aClientSecretThatDiffersIsNamedNeverShown() {
    secrets.put("dive-v3-usa-federation", "typed-by-hand-9921");

    assertThat(differences())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path()).isEqualTo("secret");
              assertThat(d.toString())
                  .doesNotContain("typed-by-hand-9921", SampleSpecs.USA_CLIENT_SECRET);
            });
  }

  @Test
  void theComparisonIgnoresWhatTheTemplateDoesNotState() {
    IdentityProviderRepresentation rendered =
        json.convertValue(
            providers.identityProvider(spec.partners().get(0)),
            IdentityProviderRepresentation.class);
    IdentityProviderRepresentation live = liveIdps.get("usa-federation");
    live.getConfig().put("guiOrder", "3");
    assertThat(FederationSetup.providerDiffers(rendered, live)).isEmpty();
    live.setEnabled(false);
    assertThat(FederationSetup.providerDiffers(rendered, live)).containsExactly("enabled");
    assertThat(
            FederationSetup.sameMapper(
                "t", Map.of("a", "1"), "t", Map.of("a", "1", "serverDefault", "x")))
        .isTrue();
    assertThat(FederationSetup.sameMapper("t", Map.of("a", "1"), "u", Map.of("a", "1"))).isFalse();
  }
}
