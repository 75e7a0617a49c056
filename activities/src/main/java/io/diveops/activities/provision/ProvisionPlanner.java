package io.diveops.activities.provision;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.keycloak.FederationClient;
import io.diveops.activities.keycloak.PartnerIdp;
import io.diveops.activities.keycloak.RealmSpec;
import io.diveops.activities.keycloak.TestUser;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.HostKey;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.release.Release;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.FederationNetwork;
import io.diveops.activities.stack.FederationPairs;
import io.diveops.activities.stack.RealmSpecs;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.ScheduleIds;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.provision.PlannedChange;
import io.diveops.api.provision.ProvisionPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Step 2 of provision-partner: everything provisioning a validated partner would create or change,
 * per instance. The stack's containers and the realms' clients and identity providers are made by
 * the code that makes them for real ({@link StackLayout}, {@link RealmSpecs}), on the registry with
 * the partner added, with placeholder secrets: the plan names secrets, it never reads one. The
 * secret store is only asked which secrets exist already.
 */
class ProvisionPlanner {
  private static final String CREATE = "create";
  private static final SecretStore PLANNING = new PlanningSecrets();

  private final SecretStore secrets;

  ProvisionPlanner(SecretStore secrets) {
    this.secrets = secrets;
  }

  ProvisionPlan plan(
      PartnerRegistry request, FederationRegistry current, PartnerRelease chosen, Release release) {
    FederationRegistry registry = request.combined().model().orElseThrow();
    String key = request.key();
    Instance partner = registry.instance(key).orElseThrow();
    List<PlannedChange> changes = new ArrayList<>();
    Changes at = new Changes(key, changes);

    at.add(
        "registry",
        CREATE,
        "$.instances." + key,
        partner.name()
            + " ("
            + partner.code()
            + "), "
            + partner.type()
            + " on "
            + HostKey.of(partner)
            + ", project "
            + StackLayout.project(partner));
    at.add("registry", CREATE, "$.federation.matrix." + key, request.trust().toString());
    for (String field : SecretNames.STACK_FIELDS) {
      String name = SecretNames.of(partner, field);
      at.add("secret", existing(name), name, "the stack's " + field);
    }
    for (List<String> pair : FederationPairs.secretPairs(registry, key)) {
      String source = pair.get(0);
      String target = pair.get(1);
      String name = SecretNames.federation(source, target);
      at.add(
          "secret",
          existing(name),
          name,
          "client "
              + FederationClient.clientId(target)
              + " at "
              + source
              + ", used by IdP "
              + PartnerIdp.alias(source)
              + " at "
              + target);
    }
    stack(at, key, partner, registry, release);
    RealmSpec realm = new RealmSpecs(PLANNING).forInstance(registry, key);
    at.add(
        "realm",
        CREATE,
        realm.realm(),
        "imported at Keycloak's first start: client "
            + realm.clientId()
            + ", test users "
            + realm.testUsers().stream().map(TestUser::username).collect(Collectors.joining(", ")));
    federation(at, realm, key);
    schedules(at, key, current);

    for (String trusted : request.trust()) {
      Changes there = new Changes(trusted, changes);
      List<String> row = registry.federation().matrix().get(trusted);
      there.add("registry", "update", "$.federation.matrix." + trusted, "+ " + key + " → " + row);
      federation(there, new RealmSpecs(PLANNING).forInstance(registry, trusted), key);
    }
    return new ProvisionPlan(
        key, partner.code(), chosen.version(), chosen.reason(), request.trust(), changes);
  }

  /** The stack's network, volumes and containers, from the layout the sandbox and deploys use. */
  private static void stack(
      Changes at, String key, Instance partner, FederationRegistry registry, Release release) {
    StackLayout layout = new StackLayout(PLANNING, registry.defaults());
    at.add("network", CREATE, StackLayout.network(partner), "the stack's own");
    at.add(
        "network",
        "join",
        FederationNetwork.NAME,
        "Keycloak, as " + FederationNetwork.keycloakAlias(partner));
    List<ContainerSpec> specs =
        StackLayout.services(partner).stream()
            .map(service -> layout.spec(key, partner, service, release))
            .toList();
    for (ContainerSpec spec : specs) {
      new TreeMap<>(spec.volumes())
          .forEach((volume, mount) -> at.add("volume", CREATE, volume, spec.name() + ":" + mount));
    }
    for (ContainerSpec spec : specs) {
      String ports =
          spec.ports().stream()
              .map(p -> p.hostIp() + ":" + p.hostPort() + "→" + p.containerPort())
              .collect(Collectors.joining(", "));
      List<String> networks = new ArrayList<>(List.of(spec.network()));
      networks.addAll(new TreeMap<>(spec.otherNetworks()).keySet());
      at.add(
          "container",
          CREATE,
          spec.name(),
          spec.image() + ", ports " + ports + ", networks " + String.join(", ", networks));
    }
  }

  /**
   * At one realm, what federates it with the partner: at the partner itself every client and IdP,
   * at a trusted instance those for the partner alone.
   */
  private static void federation(Changes at, RealmSpec realm, String partnerKey) {
    boolean atPartner = realm.instanceKey().equals(partnerKey);
    for (FederationClient client : realm.federationClients()) {
      if (atPartner || client.homeKey().equals(partnerKey)) {
        at.add(
            "client",
            CREATE,
            client.clientId(),
            "redirects to "
                + client.redirectUri()
                + ", secret "
                + SecretNames.federation(realm.instanceKey(), client.homeKey()));
      }
    }
    for (PartnerIdp idp : realm.partners()) {
      if (atPartner || idp.instanceKey().equals(partnerKey)) {
        at.add(
            "idp",
            CREATE,
            idp.alias(),
            "issuer "
                + idp.issuerBaseUrl()
                + ", back channel "
                + idp.backChannelBaseUrl()
                + ", client "
                + idp.clientId()
                + ", secret "
                + SecretNames.federation(idp.instanceKey(), realm.instanceKey()));
        PartnerIdp.mapperTypes()
            .forEach((name, type) -> at.add("mapper", CREATE, idp.alias() + "/" + name, type));
      }
    }
  }

  /** The schedules the worker applies for every enabled instance, and the partner's watcher. */
  private static void schedules(Changes at, String key, FederationRegistry current) {
    at.add("schedule", CREATE, ScheduleIds.backup(key), "BackupInstance of " + key + ", daily");
    at.add(
        "schedule",
        CREATE,
        ScheduleIds.verifyBackup(key),
        "VerifyBackup of " + key + "'s latest backup, weekly");
    long enabled = current.instances().values().stream().filter(Instance::enabled).count();
    at.add(
        "schedule",
        enabled > 1 ? "exists" : CREATE,
        ScheduleIds.VERIFY_FEDERATION,
        "VerifyFederation of every federated pair, daily: " + key + "'s pairs from its next run");
    at.add("watcher", CREATE, HealthWatchInput.workflowId(key), "HealthWatch of " + key);
  }

  /** "exists" when the store has the secret already (it is kept), else "create". */
  private String existing(String name) {
    return secrets.versions(name).isEmpty() ? CREATE : "exists";
  }

  /** Adds the changes of one instance to the plan. */
  private record Changes(String instance, List<PlannedChange> changes) {
    void add(String kind, String action, String name, String detail) {
      changes.add(new PlannedChange(instance, kind, action, name, detail));
    }
  }
}
