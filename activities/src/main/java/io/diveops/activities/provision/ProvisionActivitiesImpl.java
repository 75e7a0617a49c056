package io.diveops.activities.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.heartbeat.Heartbeating;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryDocument;
import io.diveops.activities.registry.RegistryFile;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.registry.UnusableRegistryException;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.FederationPairs;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.InstanceStack;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.api.FailureType;
import io.diveops.api.provision.PartnerValidation;
import io.diveops.api.provision.ProvisionActivities;
import io.diveops.api.provision.ProvisionPartnerInput;
import io.diveops.api.provision.ProvisionPlan;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of provision-partner. Validate and plan only read: the registry with the partner is
 * built and judged in memory, the secret store is asked which names exist, the Docker host whether
 * images exist. The changing steps are idempotent (each finds what exists first) and go through the
 * code {@code sandbox up} runs ({@link InstanceStack}): one way to create an instance.
 */
public class ProvisionActivitiesImpl implements ProvisionActivities {
  private static final Logger LOG = LoggerFactory.getLogger(ProvisionActivitiesImpl.class);
  private static final int WARM_UP_TRIES = 6;
  private static final long WARM_MS = 2_000;
  private final HttpProbe warmUpHttp = new HttpProbe(Duration.ofSeconds(5), Duration.ofSeconds(45));
  private final Path registryFile;
  private final RegistryReader reader = new RegistryReader();
  private final RegistryFile registryFiles = new RegistryFile();
  private final PartnerValidator validator;
  private final ProvisionPlanner planner;
  private final ReleaseReader releases;
  private final ReleaseHistory history;
  private final Path instancesDir;
  private final SecretStore secrets;
  private final DockerEngines engines;
  private final Supplier<List<String>> schedules;

  /**
   * @param schemaOverride the schema to judge the registry by instead of the one it names
   * @param ports whether a port is taken on this machine ({@link PortProbe#LOCAL})
   * @param images whether an image is on an instance's Docker host ({@link ImageProbe#docker})
   * @param schedules applies the schedules of every enabled instance; returns what it did
   */
  public ProvisionActivitiesImpl(
      Path registryFile,
      Optional<Path> schemaOverride,
      Path releasesDir,
      Path instancesDir,
      SecretStore secrets,
      PortProbe ports,
      ImageProbe images,
      DockerEngines engines,
      Supplier<List<String>> schedules) {
    this.registryFile = registryFile;
    this.releases = new ReleaseReader(releasesDir);
    this.history = new ReleaseHistory(instancesDir);
    this.instancesDir = instancesDir;
    this.secrets = secrets;
    this.engines = engines;
    this.schedules = schedules;
    this.validator =
        new PartnerValidator(
            new RegistryValidator(),
            schemaOverride,
            new ReleaseHistory(instancesDir),
            releases,
            ports,
            images);
    this.planner = new ProvisionPlanner(secrets);
  }

  @Override
  public PartnerValidation validatePartner(ProvisionPartnerInput input) {
    return validate(request(input)).validation();
  }

  @Override
  public ProvisionPlan planPartner(ProvisionPartnerInput input) {
    PartnerRegistry request = request(input);
    PartnerValidator.Outcome outcome = validate(request);
    PartnerValidation validation = outcome.validation();
    if (!validation.valid()) {
      // Validated a moment ago: the registry, the host or the release changed since.
      throw ApplicationFailure.newNonRetryableFailure(
          "partner '"
              + validation.key()
              + "' no longer validates ("
              + validation.errors().size()
              + " errors, first: "
              + validation.errors().get(0).line()
              + ")",
          FailureType.UNUSABLE_REGISTRY.type());
    }
    PartnerRelease release = outcome.release().orElseThrow();
    FederationRegistry current = request.current().model().orElseThrow();
    return planner.plan(request, current, release, releases.read(release.version()));
  }

  @Override
  public boolean alreadyProvisioned(ProvisionPartnerInput input) {
    PartnerRegistry request = request(input);
    String key = request.key();
    if (key == null || request.partner() == null) {
      return false;
    }
    JsonNode current = request.current().json();
    // Adding it again changes nothing: the entry and both directions of the matrix are there.
    return current.path("instances").has(key) && current.equals(request.combined().json());
  }

  @Override
  public void commitPartner(ProvisionPartnerInput input) {
    PartnerRegistry request = request(input);
    String key = request.key();
    if (request.current().json().path("instances").has(key)) {
      return; // committed by an earlier attempt
    }
    PartnerValidation validation = validate(request).validation();
    if (!validation.valid()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the registry with " + key + " no longer validates: " + validation.errors().get(0).line(),
          FailureType.UNUSABLE_REGISTRY.type());
    }
    Path file = registryFile.toAbsolutePath().normalize();
    try {
      Path before = previousRegistry(key);
      Files.createDirectories(before.getParent());
      Files.copy(file, before, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the registry " + file + " before " + key, e);
    }
    registryFiles.replace(file, request.combined().json(), "provision-" + key);
  }

  @Override
  public void restoreRegistry(String key) {
    Path before = previousRegistry(key);
    if (!Files.exists(before)) {
      return;
    }
    registryFiles.putBack(registryFile, before, "provision-" + key);
  }

  /** The registry as it was before the partner was committed: kept with the partner's state. */
  Path previousRegistry(String key) {
    return instancesDir.resolve(key).resolve("registry-before-provisioning.json");
  }

  @Override
  public List<String> partnerSecrets(String key) {
    FederationRegistry registry = committed();
    stack(registry, key).ensureSecrets(registry, key);
    Instance instance = registry.instance(key).orElseThrow();
    List<String> names = new ArrayList<>();
    SecretNames.STACK_FIELDS.forEach(field -> names.add(SecretNames.of(instance, field)));
    FederationPairs.secretPairs(registry, key)
        .forEach(pair -> names.add(SecretNames.federation(pair.get(0), pair.get(1))));
    return names;
  }

  @Override
  public void destroySecrets(List<String> names) {
    names.forEach(secrets::destroy);
  }

  @Override
  public void startPartnerStack(String key, String release) {
    FederationRegistry registry = committed();
    // Heartbeats while a container comes up; each step's line is a heartbeat too, through which a
    // cancelled run stops the step (the compensation waits for it) before removing the stack.
    Heartbeating.during(
        "stack of " + key, () -> stack(registry, key).up(registry, key, releases.read(release)));
    history.provisioned(key, release);
  }

  /**
   * A Keycloak that has just started (a new one that imported its realm, or one restarted) renders
   * its first login page slowly (themes and templates are compiled on first use: more than ten
   * seconds on two busy cores), and the verification that follows would time out on it rather than
   * judge it. So the realm's login page is asked for until it answers quickly, for at most a few
   * minutes; nothing fails here, the verification judges.
   */
  void warmUp(FederationRegistry registry, Instance instance) {
    String realm = InstanceEndpoints.issuer(registry, instance);
    String login =
        realm
            + "/protocol/openid-connect/auth?"
            + HttpProbe.formEncoded(
                new java.util.LinkedHashMap<>(
                    Map.of(
                        "client_id", "account-console",
                        "response_type", "code",
                        "scope", "openid",
                        "redirect_uri", realm + "/account/",
                        // account-console requires PKCE; without it Keycloak redirects with an
                        // error instead of rendering the form. RFC 7636's example challenge.
                        "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                        "code_challenge_method", "S256")));
    for (int attempt = 1; attempt <= WARM_UP_TRIES; attempt++) {
      try {
        HttpProbe.Response page = warmUpHttp.get(login, Map.of());
        progress(instance.code() + " login page " + page.status() + " in " + page.millis() + " ms");
        if (page.status() == 200 && page.millis() < WARM_MS) {
          return;
        }
      } catch (IOException e) {
        progress(instance.code() + " login page not yet: " + e.getMessage());
      }
    }
  }

  @Override
  public void removePartnerStack(ProvisionPartnerInput input) {
    PartnerRegistry request = request(input);
    String key = request.key();
    Instance instance =
        request
            .combined()
            .model()
            .flatMap(r -> r.instance(key))
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "the partner entry of " + key + " does not read as an instance",
                        FailureType.UNUSABLE_REGISTRY.type()));
    new InstanceStack(engines.forInstance(instance), secrets, ProvisionActivitiesImpl::progress)
        .down(instance, true);
    history.removed(key);
  }

  /**
   * Also the sample resources releasable to the federation, re-seeded with the partners the
   * registry gives now: a partner's users reach them once it joins, and no longer once it leaves.
   */
  @Override
  public List<String> federateInstance(String instance) {
    FederationRegistry registry = committed();
    InstanceStack stack = stack(registry, instance);
    List<String> changes = new ArrayList<>(stack.federate(registry, instance));
    long documents = stack.seedResources(registry, instance);
    changes.add(
        "resources: "
            + documents
            + " documents, those for the federation releasable to "
            + String.join(", ", FederationPairs.trusted(registry, instance)));
    // Each instance's login page is asked for before the pairs are verified: the partner's
    // Keycloak has just started, and a trusted one may have been restarted not long ago.
    warmUp(registry, registry.instance(instance).orElseThrow());
    return changes;
  }

  @Override
  public List<String> applySchedules() {
    return schedules.get();
  }

  /** The registry file as it is now (after a commit, with the partner). */
  private FederationRegistry committed() {
    RegistryDocument document = reader.read(registryFile.toAbsolutePath().normalize());
    return document
        .model()
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "the registry " + registryFile + " does not read",
                    FailureType.UNUSABLE_REGISTRY.type()));
  }

  private InstanceStack stack(FederationRegistry registry, String key) {
    Instance instance = registry.instance(key).orElseThrow();
    return new InstanceStack(
        engines.forInstance(instance),
        secrets,
        ProvisionActivitiesImpl::progress,
        () -> heartbeat("waiting for a container"));
  }

  /** What the stack does, as the activity's heartbeat when there is one (names, never values). */
  private static void progress(String line) {
    LOG.info("{}", line);
    heartbeat(line);
  }

  private static void heartbeat(String line) {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (IllegalStateException e) {
      return; // called outside an activity (a test, the CLI)
    }
    // Throws when the run was cancelled: the step stops at its next line.
    context.heartbeat(line);
  }

  private PartnerRegistry request(ProvisionPartnerInput input) {
    try {
      RegistryDocument current = reader.read(registryFile.toAbsolutePath().normalize());
      return PartnerRegistry.of(reader, current, input);
    } catch (UnusableRegistryException e) {
      throw unusable(e);
    }
  }

  private PartnerValidator.Outcome validate(PartnerRegistry request) {
    try {
      return validator.validate(request);
    } catch (UnusableRegistryException e) {
      throw unusable(e);
    }
  }

  /** A registry or schema that cannot be read: retrying cannot help until it is fixed. */
  private static ApplicationFailure unusable(UnusableRegistryException e) {
    return ApplicationFailure.newNonRetryableFailure(
        e.getMessage(), FailureType.UNUSABLE_REGISTRY.type());
  }
}
