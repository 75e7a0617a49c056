package io.diveops.activities.stack;

import io.diveops.activities.keycloak.FederationClient;
import io.diveops.activities.keycloak.PartnerIdp;
import io.diveops.activities.keycloak.RealmSpec;
import io.diveops.activities.keycloak.TestUser;
import io.diveops.activities.keycloak.TestUsers;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.secrets.SecretStore;
import java.util.ArrayList;
import java.util.List;

/** The broker realm of an instance, derived from the registry: users, client and partner IdPs. */
public class RealmSpecs {
  private final SecretStore secrets;

  public RealmSpecs(SecretStore secrets) {
    this.secrets = secrets;
  }

  public RealmSpec forInstance(FederationRegistry registry, String key) {
    Instance instance =
        registry
            .instance(key)
            .orElseThrow(() -> new IllegalArgumentException("unknown instance '" + key + "'"));
    String realm = registry.defaults().realm();
    List<PartnerIdp> partners = new ArrayList<>();
    for (String partnerKey : FederationPairs.trusted(registry, key)) {
      Instance partner = registry.instance(partnerKey).orElseThrow();
      partners.add(
          new PartnerIdp(
              partnerKey,
              partner.code(),
              partner.name(),
              InstanceEndpoints.issuer(registry, partner),
              FederationNetwork.keycloakUrl(partner, "/realms/" + realm),
              FederationClient.clientId(key),
              secrets.resolve(SecretNames.federation(partnerKey, key))));
    }
    List<FederationClient> federationClients = new ArrayList<>();
    for (String homeKey : FederationPairs.trusting(registry, key)) {
      Instance home = registry.instance(homeKey).orElseThrow();
      federationClients.add(
          new FederationClient(
              homeKey,
              InstanceEndpoints.url(
                  home,
                  "keycloak",
                  "/realms/" + realm + "/broker/" + PartnerIdp.alias(key) + "/endpoint"),
              secrets.resolve(SecretNames.federation(key, homeKey))));
    }
    List<TestUser> users = List.of();
    Instance.TestUsers template = instance.testUsers();
    if (template != null && !Boolean.FALSE.equals(template.create())) {
      users =
          TestUsers.forInstance(
              key,
              instance.code(),
              template.clearances() == null ? List.of(1, 2, 3, 4) : template.clearances(),
              template.usernameTemplate() == null
                  ? "testuser-{code}-{level}"
                  : template.usernameTemplate(),
              template.emailDomain() == null ? "dive-demo.example" : template.emailDomain(),
              secrets.resolve(SecretNames.of(instance, "testUserPassword")));
    }
    return new RealmSpec(
        realm,
        key,
        instance.code(),
        instance.name(),
        registry.defaults().clientId(),
        secrets.resolve(SecretNames.of(instance, "keycloakClientSecret")),
        List.of(InstanceEndpoints.url(instance, "frontend", "/*")),
        users,
        partners,
        federationClients);
  }
}
