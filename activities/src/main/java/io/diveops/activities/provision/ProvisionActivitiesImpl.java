package io.diveops.activities.provision;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.RegistryDocument;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.registry.UnusableRegistryException;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.api.FailureType;
import io.diveops.api.provision.PartnerValidation;
import io.diveops.api.provision.ProvisionActivities;
import io.diveops.api.provision.ProvisionPartnerInput;
import io.diveops.api.provision.ProvisionPlan;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Validate and plan, the read-only steps of provision-partner. Neither writes the registry, a
 * secret, or anything on a Docker host: the registry with the partner is built and judged in
 * memory, the secret store is asked which names exist, the Docker host whether images exist.
 */
public class ProvisionActivitiesImpl implements ProvisionActivities {
  private final Path registryFile;
  private final RegistryReader reader = new RegistryReader();
  private final PartnerValidator validator;
  private final ProvisionPlanner planner;
  private final ReleaseReader releases;

  /**
   * @param schemaOverride the schema to judge the registry by instead of the one it names
   * @param ports whether a port is taken on this machine ({@link PortProbe#LOCAL})
   * @param images whether an image is on an instance's Docker host ({@link ImageProbe#docker})
   */
  public ProvisionActivitiesImpl(
      Path registryFile,
      Optional<Path> schemaOverride,
      Path releasesDir,
      Path instancesDir,
      SecretStore secrets,
      PortProbe ports,
      ImageProbe images) {
    this.registryFile = registryFile;
    this.releases = new ReleaseReader(releasesDir);
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
