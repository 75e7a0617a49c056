package io.diveops.activities.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.keycloak.admin.client.ClientBuilderWrapper;
import org.keycloak.admin.client.JacksonProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

/**
 * Brings a running realm's federation to what its {@link RealmSpec} says, through Keycloak's admin
 * API: the user profile, the app client's mappers, one client per partner broker, one identity
 * provider with its mappers per trusted partner, error events. It renders from the same templates
 * as the realm file a new Keycloak imports, so an imported realm and an updated one cannot differ.
 *
 * <p>Idempotent: what matches is left alone, what differs is updated in place, what is missing is
 * created, so a re-run never duplicates a mapper. Federation identity providers and clients that
 * the spec no longer has (a partner taken out of the matrix) are removed, as are the {@code
 * <key>-idp} providers of earlier versions, which pointed at loopback ports no container can reach.
 *
 * <p>Returns one line per change, naming what changed and never a secret.
 */
public class FederationSetup {
  static final String LEGACY_IDP_SUFFIX = "-idp";
  private static final String FEDERATION_SUFFIX = "-federation";

  private final ObjectMapper json = new ObjectMapper();
  private final ClientTemplate clients = new ClientTemplate(json);
  private final IdentityProviderTemplate providers = new IdentityProviderTemplate(json);
  private final UserProfileTemplate profile = new UserProfileTemplate(json);

  /** Keycloak's admin API, bounded: a dead Keycloak fails a step in seconds. */
  public static Keycloak admin(String serverUrl, String adminUser, String adminPassword) {
    Client http =
        ClientBuilderWrapper.create(null, false)
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .register(new JacksonProvider(), 100)
            .build();
    return KeycloakBuilder.builder()
        .serverUrl(serverUrl)
        .realm("master")
        .clientId("admin-cli")
        .username(adminUser)
        .password(adminPassword)
        .resteasyClient(http)
        .build();
  }

  public List<String> apply(Keycloak admin, RealmSpec spec) {
    RealmResource realm = admin.realm(spec.realm());
    List<String> changes = new ArrayList<>();
    events(realm, changes);
    userProfile(realm, changes);
    appClient(realm, spec, changes);
    federationClients(realm, spec, changes);
    identityProviders(realm, spec, changes);
    return changes;
  }

  private void events(RealmResource realm, List<String> changes) {
    RealmEventsConfigRepresentation events = realm.getRealmEventsConfig();
    Set<String> types =
        events.getEnabledEventTypes() == null
            ? Set.of()
            : new HashSet<>(events.getEnabledEventTypes());
    if (!Boolean.TRUE.equals(events.isEventsEnabled())
        || !types.equals(new HashSet<>(RealmTemplate.ERROR_EVENTS))) {
      events.setEventsEnabled(true);
      events.setEventsExpiration((long) RealmTemplate.EVENTS_EXPIRATION_SECONDS);
      events.setEnabledEventTypes(RealmTemplate.ERROR_EVENTS);
      realm.updateRealmEventsConfig(events);
      changes.add("realm: error events kept for a day");
    }
  }

  private void userProfile(RealmResource realm, List<String> changes) {
    UPConfig live = realm.users().userProfile().getConfiguration();
    Set<String> declared =
        live.getAttributes().stream().map(UPAttribute::getName).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    for (DiveClaim claim : DiveClaim.values()) {
      if (!declared.contains(claim.attributeName())) {
        missing.add(claim.attributeName());
      }
    }
    if (!missing.isEmpty()) {
      realm.users().userProfile().update(json.convertValue(profile.upConfig(), UPConfig.class));
      changes.add("user profile: declared " + String.join(", ", missing));
    }
  }

  private void appClient(RealmResource realm, RealmSpec spec, List<String> changes) {
    ClientResource app = client(realm, spec.clientId());
    if (app == null) {
      throw new IllegalStateException(
          "realm " + spec.realm() + " has no client " + spec.clientId() + " to add mappers to");
    }
    protocolMappers(app, spec.clientId(), clients.appMappers(spec.clientId()), changes);
  }

  private void federationClients(RealmResource realm, RealmSpec spec, List<String> changes) {
    Set<String> wanted = new HashSet<>();
    for (FederationClient federation : spec.federationClients()) {
      wanted.add(federation.clientId());
      ObjectNode rendered = clients.federationClient(federation);
      ClientResource existing = client(realm, federation.clientId());
      if (existing == null) {
        ClientRepresentation created = json.convertValue(rendered, ClientRepresentation.class);
        try (Response response = realm.clients().create(created)) {
          expectCreated(response, "client " + federation.clientId());
        }
        changes.add("client " + federation.clientId() + ": created");
        continue;
      }
      ClientRepresentation live = existing.toRepresentation();
      List<String> differs = clientDiffers(federation, live, existing.getSecret().getValue());
      if (!differs.isEmpty()) {
        ClientRepresentation update = json.convertValue(rendered, ClientRepresentation.class);
        update.setId(live.getId());
        update.setProtocolMappers(null); // mappers have their own endpoint, below
        existing.update(update);
        changes.add("client " + federation.clientId() + ": updated " + String.join(", ", differs));
      }
      protocolMappers(existing, federation.clientId(), clients.claimMappers(), changes);
    }
    for (ClientRepresentation live : realm.clients().findAll()) {
      String id = live.getClientId();
      if (unwantedFederationClient(id, wanted)) {
        realm.clients().get(live.getId()).remove();
        changes.add("client " + id + ": removed (no longer in the federation matrix)");
      }
    }
  }

  private void identityProviders(RealmResource realm, RealmSpec spec, List<String> changes) {
    Map<String, IdentityProviderRepresentation> live = providersByAlias(realm);
    Set<String> wanted = new HashSet<>();
    for (PartnerIdp partner : spec.partners()) {
      String alias = partner.alias();
      wanted.add(alias);
      IdentityProviderRepresentation rendered = rendered(partner);
      IdentityProviderRepresentation existing = live.get(alias);
      if (existing == null) {
        try (Response response = realm.identityProviders().create(rendered)) {
          expectCreated(response, "identity provider " + alias);
        }
        changes.add("identity provider " + alias + ": created");
      } else {
        List<String> differs = providerDiffers(rendered, existing);
        // Written every time, so a secret changed in the store reaches the provider even though
        // nothing readable differs; reported only when something readable did.
        rendered.setInternalId(existing.getInternalId());
        realm.identityProviders().get(alias).update(rendered);
        if (!differs.isEmpty()) {
          changes.add("identity provider " + alias + ": updated " + String.join(", ", differs));
        }
      }
      idpMappers(realm.identityProviders().get(alias), alias, partner, changes);
    }
    for (String alias : live.keySet()) {
      boolean legacy = alias.endsWith(LEGACY_IDP_SUFFIX);
      if (removedByApply(alias, wanted)) {
        int users = removeBrokeredUsers(realm, alias);
        if (users > 0) {
          changes.add(
              "identity provider "
                  + alias
                  + ": "
                  + users
                  + " users who logged in through it removed");
        }
        realm.identityProviders().get(alias).remove();
        changes.add(
            "identity provider "
                + alias
                + ": removed ("
                + (legacy ? "replaced by the -federation provider" : "no longer trusted")
                + ")");
      }
    }
  }

  /**
   * The accounts a partner's logins created here. Removing the provider only unlinks them: they
   * would stay with the partner's claims, and when the partner joins again, its users' first login
   * would stop at "account already exists". They go with the provider.
   */
  private static int removeBrokeredUsers(RealmResource realm, String alias) {
    var brokered =
        realm.users().search(null, null, null, null, null, alias, null, 0, 10_000, null, true);
    for (var user : brokered) {
      realm.users().delete(user.getId()).close();
    }
    return brokered.size();
  }

  /**
   * Sets the client secret a partner's provider authenticates with, and nothing else (a fault
   * injection and a rotation use it).
   */
  public void setIdentityProviderSecret(
      Keycloak admin, String realmName, String alias, String secret) {
    IdentityProviderResource idp = admin.realm(realmName).identityProviders().get(alias);
    IdentityProviderRepresentation live = idp.toRepresentation();
    live.getConfig().put("clientSecret", secret);
    idp.update(live);
  }

  private void idpMappers(
      IdentityProviderResource idp, String alias, PartnerIdp partner, List<String> changes) {
    Map<String, IdentityProviderMapperRepresentation> live =
        idp.getMappers().stream()
            .collect(
                Collectors.toMap(
                    IdentityProviderMapperRepresentation::getName, m -> m, (a, b) -> a));
    Set<String> wanted = new HashSet<>();
    for (ObjectNode node : providers.mappers(partner)) {
      IdentityProviderMapperRepresentation mapper =
          json.convertValue(node, IdentityProviderMapperRepresentation.class);
      wanted.add(mapper.getName());
      IdentityProviderMapperRepresentation existing = live.get(mapper.getName());
      if (existing == null) {
        try (Response response = idp.addMapper(mapper)) {
          expectCreated(response, "mapper " + mapper.getName() + " of " + alias);
        }
        changes.add("identity provider " + alias + ": mapper " + mapper.getName() + " created");
      } else if (!sameMapper(
          mapper.getIdentityProviderMapper(),
          mapper.getConfig(),
          existing.getIdentityProviderMapper(),
          existing.getConfig())) {
        mapper.setId(existing.getId());
        idp.update(existing.getId(), mapper);
        changes.add("identity provider " + alias + ": mapper " + mapper.getName() + " updated");
      }
    }
    for (IdentityProviderMapperRepresentation existing : live.values()) {
      if (!wanted.contains(existing.getName())) {
        idp.delete(existing.getId());
        changes.add("identity provider " + alias + ": mapper " + existing.getName() + " removed");
      }
    }
  }

  private void protocolMappers(
      ClientResource client, String clientId, List<ObjectNode> rendered, List<String> changes) {
    Map<String, ProtocolMapperRepresentation> live =
        client.getProtocolMappers().getMappers().stream()
            .collect(Collectors.toMap(ProtocolMapperRepresentation::getName, m -> m, (a, b) -> a));
    for (ObjectNode node : rendered) {
      ProtocolMapperRepresentation mapper =
          json.convertValue(node, ProtocolMapperRepresentation.class);
      ProtocolMapperRepresentation existing = live.get(mapper.getName());
      if (existing == null) {
        try (Response response = client.getProtocolMappers().createMapper(mapper)) {
          expectCreated(response, "mapper " + mapper.getName() + " of client " + clientId);
        }
        changes.add("client " + clientId + ": mapper " + mapper.getName() + " created");
      } else if (!sameMapper(
          mapper.getProtocolMapper(),
          mapper.getConfig(),
          existing.getProtocolMapper(),
          existing.getConfig())) {
        mapper.setId(existing.getId());
        client.getProtocolMappers().update(existing.getId(), mapper);
        changes.add("client " + clientId + ": mapper " + mapper.getName() + " updated");
      }
    }
  }

  // ---- the one comparison: apply acts on it, differences reports it --------------------------

  /**
   * How a partner's client differs from the template: {@code redirect URI}, {@code secret}, {@code
   * flows}, {@code PKCE}. The secret is compared, never returned.
   */
  static List<String> clientDiffers(
      FederationClient wanted, ClientRepresentation live, String liveSecret) {
    List<String> differs = new ArrayList<>();
    if (!List.of(wanted.redirectUri()).equals(live.getRedirectUris())) {
      differs.add("redirect URI");
    }
    if (!wanted.secret().equals(liveSecret)) {
      differs.add("secret");
    }
    if (!Boolean.TRUE.equals(live.isEnabled())
        || !Boolean.TRUE.equals(live.isStandardFlowEnabled())
        || Boolean.TRUE.equals(live.isDirectAccessGrantsEnabled())
        || Boolean.TRUE.equals(live.isPublicClient())) {
      differs.add("flows");
    }
    if (!"S256".equals(attribute(live, "pkce.code.challenge.method"))) {
      differs.add("PKCE");
    }
    return differs;
  }

  /**
   * The config keys (and {@code enabled}) in which a provider differs from the rendered one. The
   * admin API masks the client secret on read, so it cannot be compared; what is compared is
   * everything that decides where and how to trust, and only what the template states.
   */
  static List<String> providerDiffers(
      IdentityProviderRepresentation rendered, IdentityProviderRepresentation live) {
    List<String> differs = new ArrayList<>();
    Map<String, String> config = live.getConfig() == null ? Map.of() : live.getConfig();
    rendered
        .getConfig()
        .forEach(
            (key, value) -> {
              if (!key.equals("clientSecret") && !Objects.equals(value, config.get(key))) {
                differs.add(key);
              }
            });
    if (!live.isEnabled() || !live.isTrustEmail()) {
      differs.add("enabled");
    }
    return differs;
  }

  /** Same type, and the live config holds every entry the template states. */
  static boolean sameMapper(
      String type, Map<String, String> config, String liveType, Map<String, String> liveConfig) {
    return type.equals(liveType) && states(config, liveConfig);
  }

  static boolean unwantedFederationClient(String clientId, Set<String> wanted) {
    return clientId.startsWith("dive-v3-")
        && clientId.endsWith(FEDERATION_SUFFIX)
        && !wanted.contains(clientId);
  }

  /**
   * A partner's provider taken out of the matrix, or one of the earlier versions' loopback ones.
   */
  static boolean removedByApply(String alias, Set<String> wanted) {
    return (alias.endsWith(FEDERATION_SUFFIX) && !wanted.contains(alias))
        || alias.endsWith(LEGACY_IDP_SUFFIX);
  }

  /** Provider config whose change weakens trust (where tokens come from, how they are checked). */
  static final Set<String> TRUST_KEYS =
      Set.of(
          "issuer",
          "authorizationUrl",
          "tokenUrl",
          "jwksUrl",
          "useJwksUrl",
          "validateSignature",
          "clientId",
          "pkceEnabled",
          "pkceMethod",
          "syncMode");

  /**
   * What {@link #apply} would change, found without changing anything: the same templates and the
   * same comparisons. Besides, every provider not in the registry (apply removes only federation
   * and legacy ones) and app-client redirect URIs the registry does not generate.
   */
  public List<RealmDifference> differences(Keycloak admin, RealmSpec spec) {
    RealmResource realm = admin.realm(spec.realm());
    List<RealmDifference> found = new ArrayList<>();
    ClientResource app = client(realm, spec.clientId());
    if (app == null) {
      found.add(missing("client " + spec.clientId(), "", true));
    } else {
      List<String> extra = new ArrayList<>(orEmpty(app.toRepresentation().getRedirectUris()));
      extra.removeAll(spec.redirectUris());
      if (!extra.isEmpty()) {
        found.add(
            new RealmDifference(
                "client " + spec.clientId(),
                "redirectUris",
                RealmDifference.Kind.EXTRA,
                String.join(" ", spec.redirectUris()),
                String.join(" ", extra),
                true));
      }
      mapperDifferences(
          "client " + spec.clientId(),
          clients.appMappers(spec.clientId()),
          app.getProtocolMappers().getMappers(),
          found);
    }
    Set<String> wantedClients = new HashSet<>();
    for (FederationClient federation : spec.federationClients()) {
      wantedClients.add(federation.clientId());
      String resource = "client " + federation.clientId();
      ClientResource existing = client(realm, federation.clientId());
      if (existing == null) {
        found.add(missing(resource, "", false));
        continue;
      }
      ClientRepresentation live = existing.toRepresentation();
      for (String differs : clientDiffers(federation, live, existing.getSecret().getValue())) {
        boolean secret = differs.equals("secret");
        found.add(
            new RealmDifference(
                resource,
                switch (differs) {
                  case "redirect URI" -> "redirectUris";
                  case "PKCE" -> "attributes.pkce.code.challenge.method";
                  default -> differs;
                },
                RealmDifference.Kind.CHANGED,
                secret ? "the store's current secret" : expected(differs, federation),
                secret ? "another value" : actual(differs, live),
                !secret));
      }
      mapperDifferences(
          resource, clients.claimMappers(), existing.getProtocolMappers().getMappers(), found);
    }
    for (ClientRepresentation live : realm.clients().findAll()) {
      if (unwantedFederationClient(live.getClientId(), wantedClients)) {
        found.add(extra("client " + live.getClientId(), "", true));
      }
    }
    Map<String, IdentityProviderRepresentation> live = providersByAlias(realm);
    Set<String> wanted = new HashSet<>();
    for (PartnerIdp partner : spec.partners()) {
      String alias = partner.alias();
      wanted.add(alias);
      String resource = "idp " + alias;
      IdentityProviderRepresentation existing = live.get(alias);
      if (existing == null) {
        found.add(missing(resource, "", false));
        continue;
      }
      IdentityProviderRepresentation rendered = rendered(partner);
      for (String key : providerDiffers(rendered, existing)) {
        boolean enabled = key.equals("enabled");
        found.add(
            new RealmDifference(
                resource,
                enabled ? "enabled" : "config." + key,
                RealmDifference.Kind.CHANGED,
                enabled ? "enabled, trustEmail" : rendered.getConfig().get(key),
                enabled
                    ? "enabled=" + existing.isEnabled() + ", trustEmail=" + existing.isTrustEmail()
                    : existing.getConfig() == null ? null : existing.getConfig().get(key),
                TRUST_KEYS.contains(key)));
      }
      List<ObjectNode> mappers = providers.mappers(partner);
      mapperDifferences(
          resource,
          mappers,
          realm.identityProviders().get(alias).getMappers().stream()
              .map(m -> new LiveMapper(m.getName(), m.getIdentityProviderMapper(), m.getConfig()))
              .toList(),
          found,
          true);
    }
    for (String alias : live.keySet()) {
      if (!wanted.contains(alias)) {
        found.add(extra("idp " + alias, "", true));
      }
    }
    return found;
  }

  /** A mapper as the admin API returns it, protocol or identity-provider alike. */
  record LiveMapper(String name, String type, Map<String, String> config) {}

  private void mapperDifferences(
      String resource,
      List<ObjectNode> rendered,
      List<ProtocolMapperRepresentation> live,
      List<RealmDifference> found) {
    mapperDifferences(
        resource,
        rendered,
        live.stream()
            .map(m -> new LiveMapper(m.getName(), m.getProtocolMapper(), m.getConfig()))
            .toList(),
        found,
        false);
  }

  /**
   * Missing, changed and (for providers, whose every mapper the template owns) extra mappers; a
   * lost hardcoded pin lets a partner claim another nation.
   */
  private void mapperDifferences(
      String resource,
      List<ObjectNode> rendered,
      List<LiveMapper> live,
      List<RealmDifference> found,
      boolean extraToo) {
    Map<String, LiveMapper> byName =
        live.stream().collect(Collectors.toMap(LiveMapper::name, m -> m, (a, b) -> a));
    Set<String> wanted = new HashSet<>();
    for (ObjectNode node : rendered) {
      String name = node.get("name").asText();
      String type =
          node.has("protocolMapper")
              ? node.get("protocolMapper").asText()
              : node.get("identityProviderMapper").asText();
      Map<String, String> config = json.convertValue(node.get("config"), STRING_MAP);
      wanted.add(name);
      boolean pin = type.startsWith("hardcoded");
      LiveMapper existing = byName.get(name);
      if (existing == null) {
        found.add(missing(resource, "mappers." + name, pin));
      } else if (!sameMapper(type, config, existing.type(), existing.config())) {
        found.add(
            new RealmDifference(
                resource,
                "mappers." + name,
                RealmDifference.Kind.CHANGED,
                type + " " + new java.util.TreeMap<>(config),
                existing.type()
                    + " "
                    + (existing.config() == null
                        ? "{}"
                        : new java.util.TreeMap<>(existing.config())),
                pin));
      }
    }
    if (extraToo) {
      live.stream()
          .filter(m -> !wanted.contains(m.name()))
          .forEach(m -> found.add(extra(resource, "mappers." + m.name(), false)));
    }
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>
      STRING_MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private static RealmDifference missing(String resource, String path, boolean critical) {
    return new RealmDifference(
        resource, path, RealmDifference.Kind.MISSING, "present", null, critical);
  }

  private static RealmDifference extra(String resource, String path, boolean critical) {
    return new RealmDifference(
        resource, path, RealmDifference.Kind.EXTRA, null, "present", critical);
  }

  private static String expected(String differs, FederationClient federation) {
    return switch (differs) {
      case "redirect URI" -> federation.redirectUri();
      case "flows" -> "enabled, standard flow only, confidential";
      default -> "S256";
    };
  }

  private static String actual(String differs, ClientRepresentation live) {
    return switch (differs) {
      case "redirect URI" -> String.join(" ", orEmpty(live.getRedirectUris()));
      case "flows" ->
          "enabled="
              + live.isEnabled()
              + " standardFlow="
              + live.isStandardFlowEnabled()
              + " directAccessGrants="
              + live.isDirectAccessGrantsEnabled()
              + " public="
              + live.isPublicClient();
      default -> attribute(live, "pkce.code.challenge.method");
    };
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  /**
   * Whether the live config holds every entry the template states: Keycloak adds defaults of its
   * own (and later versions add more), which are not a difference.
   */
  static boolean states(Map<String, String> wanted, Map<String, String> live) {
    return live != null
        && wanted.entrySet().stream()
            .allMatch(e -> Objects.equals(e.getValue(), live.get(e.getKey())));
  }

  private static Map<String, IdentityProviderRepresentation> providersByAlias(RealmResource realm) {
    return realm.identityProviders().findAll().stream()
        .collect(Collectors.toMap(IdentityProviderRepresentation::getAlias, idp -> idp));
  }

  private IdentityProviderRepresentation rendered(PartnerIdp partner) {
    return json.convertValue(
        providers.identityProvider(partner), IdentityProviderRepresentation.class);
  }

  private static ClientResource client(RealmResource realm, String clientId) {
    List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
    return found.isEmpty() ? null : realm.clients().get(found.get(0).getId());
  }

  private static String attribute(ClientRepresentation client, String name) {
    return client.getAttributes() == null ? null : client.getAttributes().get(name);
  }

  private static void expectCreated(Response response, String what) {
    if (response.getStatus() != 201) {
      throw new IllegalStateException(
          "Keycloak refused to create "
              + what
              + ": HTTP "
              + response.getStatus()
              + " "
              + response.readEntity(String.class));
    }
  }
}
