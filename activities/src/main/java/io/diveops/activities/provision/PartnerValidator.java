package io.diveops.activities.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.diveops.activities.registry.HostKey;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryDocument;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.release.Release;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.provision.PartnerValidation;
import io.diveops.api.registry.Finding;
import io.diveops.api.registry.ValidationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Step 1 of provision-partner: may this partner join? Reads only, and reports every error at once:
 * the input, the registry with the partner added (schema and every rule), then the partner's host
 * (ports free, the release's images there).
 */
class PartnerValidator {
  // Secret Manager ids, as the registry's secret reference rule takes them.
  private static final Pattern SECRET_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");

  private final RegistryValidator validator;
  private final Optional<Path> schemaOverride;
  private final ReleaseHistory history;
  private final ReleaseReader releases;
  private final PortProbe ports;
  private final ImageProbe images;

  PartnerValidator(
      RegistryValidator validator,
      Optional<Path> schemaOverride,
      ReleaseHistory history,
      ReleaseReader releases,
      PortProbe ports,
      ImageProbe images) {
    this.validator = validator;
    this.schemaOverride = schemaOverride;
    this.history = history;
    this.releases = releases;
    this.ports = ports;
    this.images = images;
  }

  /** The validation, and the release chosen when one could be. */
  record Outcome(PartnerValidation validation, Optional<PartnerRelease> release) {}

  Outcome validate(PartnerRegistry request) {
    List<Finding> errors = new ArrayList<>(request.errors());
    List<Finding> warnings = new ArrayList<>();
    if (request.key() == null) {
      return outcome(request, null, errors, warnings);
    }
    String base = RegistryDocument.instancePath(request.key());
    newKeyAndCode(request, base, errors);
    if (!request.partner().path("enabled").asBoolean(true)) {
      errors.add(
          new Finding(
              base + ".enabled",
              "partner-disabled",
              "the entry says enabled: false: provisioning brings an instance up, so enable it"));
    }
    ValidationReport report = validator.validate(request.combined(), schemaOverride);
    errors.addAll(report.errors());
    warnings.addAll(report.warnings());
    secretNames(request.partner(), base, errors);

    Optional<Instance> partner = request.partnerInstance();
    Optional<PartnerRelease> release = PartnerRelease.choose(request.trust(), history, releases);
    if (partner.isPresent()) {
      wholeStack(partner.get(), base, errors);
      freePorts(partner.get(), base, errors, warnings);
      if (release.isEmpty()) {
        errors.add(
            new Finding(
                "$.release",
                "no-release",
                "no release to run: none of its partners has a recorded release and there is no"
                    + " release file"));
      } else {
        imagesThere(partner.get(), release.get().version(), base, errors);
      }
    }
    return outcome(request, release.orElse(null), errors, warnings);
  }

  private static Outcome outcome(
      PartnerRegistry request,
      PartnerRelease release,
      List<Finding> errors,
      List<Finding> warnings) {
    return new Outcome(
        new PartnerValidation(
            request.key(),
            request.code(),
            request.trust(),
            release == null ? null : release.version(),
            errors,
            warnings),
        Optional.ofNullable(release));
  }

  private static void newKeyAndCode(PartnerRegistry request, String base, List<Finding> errors) {
    request
        .current()
        .model()
        .ifPresent(
            registry -> {
              registry
                  .instance(request.key())
                  .ifPresent(
                      existing ->
                          errors.add(
                              new Finding(
                                  base,
                                  "partner-key-exists",
                                  "instance '"
                                      + request.key()
                                      + "' ("
                                      + existing.name()
                                      + ") is already in the registry: choose another key, or"
                                      + " decommission it first")));
              if (request.code() == null) {
                return;
              }
              registry.instances().entrySet().stream()
                  .filter(e -> request.code().equalsIgnoreCase(e.getValue().code()))
                  .forEach(
                      e ->
                          errors.add(
                              new Finding(
                                  base + ".code",
                                  "partner-code-exists",
                                  "code '"
                                      + request.code()
                                      + "' is already the code of instance '"
                                      + e.getKey()
                                      + "'")));
            });
  }

  /**
   * Every value of the partner's {@code secrets} block names a secret: the input is kept in the
   * run's history, so a value there would be a leak. (The registry's rule checks the secrets a
   * stack needs; this checks the rest too.)
   */
  private static void secretNames(JsonNode partner, String base, List<Finding> errors) {
    partner
        .path("secrets")
        .fields()
        .forEachRemaining(
            field -> {
              String path = base + ".secrets." + field.getKey();
              boolean named =
                  field.getValue().isTextual()
                      && SECRET_NAME.matcher(field.getValue().asText()).matches();
              if (!named && errors.stream().noneMatch(f -> f.path().equals(path))) {
                errors.add(
                    new Finding(
                        path,
                        "secret-reference-format",
                        "'"
                            + field.getKey()
                            + "' must name a secret (letters, digits, '-', '_'), not hold a value"));
              }
            });
  }

  /** The stack is built from the layout: an entry without one of its services is half a stack. */
  private static void wholeStack(Instance partner, String base, List<Finding> errors) {
    for (String service : StackLayout.SERVICES) {
      if (partner.services().get(service) == null) {
        errors.add(
            new Finding(
                base + ".services",
                "partner-service-missing",
                "no '"
                    + service
                    + "': a DIVE stack runs "
                    + String.join(", ", StackLayout.SERVICES)));
      }
    }
  }

  /** A port the partner's stack would publish, and where the registry says so. */
  private record Published(String path, String service, int port) {}

  /** Every port the partner's stack would publish is free on its host, when it is this machine. */
  private void freePorts(
      Instance partner, String base, List<Finding> errors, List<Finding> warnings) {
    List<Published> published = new ArrayList<>();
    for (String service : StackLayout.services(partner)) {
      Instance.ServiceEndpoint endpoint = partner.services().get(service);
      String path = base + ".services." + service;
      if (endpoint.externalPort() != null) {
        published.add(new Published(path + ".externalPort", service, endpoint.externalPort()));
      }
      if (endpoint.managementPort() != null) {
        published.add(new Published(path + ".managementPort", service, endpoint.managementPort()));
      }
    }
    if (!HostKey.isLocal(partner)) {
      warnings.add(
          new Finding(
              base + ".deployment.host",
              "ports-not-probed",
              "the ports on host "
                  + HostKey.of(partner)
                  + " are not tried from here: Docker refuses a taken one when the stack starts"));
      return;
    }
    for (Published p : published) {
      if (ports.inUse(p.port())) {
        errors.add(
            new Finding(
                p.path(),
                "port-in-use",
                "port "
                    + p.port()
                    + " is in use on "
                    + HostKey.of(partner)
                    + ": "
                    + p.service()
                    + " could not publish it"));
      }
    }
  }

  /** Every image of the release the partner's services use is on its Docker host. */
  private void imagesThere(Instance partner, String version, String base, List<Finding> errors) {
    Release release;
    try {
      release = releases.read(version);
    } catch (IllegalArgumentException e) {
      errors.add(new Finding("$.release", "release-unreadable", e.getMessage()));
      return;
    }
    Map<String, Boolean> seen = new HashMap<>();
    for (String service : StackLayout.services(partner)) {
      String path = base + ".services." + service;
      Release.ServiceRelease build = release.services().get(service);
      if (build == null) {
        errors.add(
            new Finding(
                path,
                "release-service-missing",
                "release " + version + " has no image for service '" + service + "'"));
        continue;
      }
      boolean there;
      try {
        there = seen.computeIfAbsent(build.image(), image -> images.exists(partner, image));
      } catch (RuntimeException e) {
        errors.add(
            new Finding(
                base + ".deployment.host",
                "docker-unreachable",
                "cannot ask the Docker Engine of host "
                    + HostKey.of(partner)
                    + " for the release's images: "
                    + e.getMessage()));
        return;
      }
      if (!there) {
        errors.add(
            new Finding(
                path,
                "image-missing",
                "image "
                    + build.image()
                    + " (release "
                    + version
                    + ") is not on the Docker host "
                    + HostKey.of(partner)
                    + ": build or load it there first"));
      }
    }
  }
}
