package io.diveops.activities.drift;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine.Observed;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.alert.Severity;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one instance's containers differ from the specs its release gives them ({@link
 * StackLayout#spec}). Pure, so every category is tested without Docker. Only what the spec states
 * is compared: Docker and the image add environment variables and labels of their own, which are
 * not differences. Environment values are compared by keyed fingerprint and never reported.
 */
public final class ContainerDrift {
  /** What {@link io.diveops.activities.docker.DockerEngine#create} sets on every container. */
  static final String RESTART_POLICY = "unless-stopped";

  private static final String LEFTOVER_MARK = "-prev-";
  private static final String RESTORE_TEST = "dive.ops.restore-test";
  private static final String RESTORE_TEST_UNTIL = "dive.ops.restore-test.until";

  private final Fingerprints fingerprints;

  public ContainerDrift(Fingerprints fingerprints) {
    this.fingerprints = fingerprints;
  }

  /**
   * Where the desired values come from.
   *
   * @param registryService e.g. {@code
   *     config/federation-registry.json#/instances/fra/services/backend}
   * @param releaseService e.g. {@code releases/1.0.0.json#/services/backend}
   * @param releaseEnv the variables the release file sets itself (the rest the layout derives)
   */
  public record Sources(String registryService, String releaseService, Set<String> releaseEnv) {}

  /**
   * @param desiredImageId the id the release's image tag names on the host now (null: not there)
   * @param live the container under the spec's name, if any
   */
  public List<DriftItem> compare(
      String instance,
      ContainerSpec desired,
      String desiredImageId,
      Optional<Observed> live,
      Sources sources) {
    String resource = "container " + desired.name();
    List<DriftItem> items = new ArrayList<>();
    Found found = new Found(instance, resource, sources, items);
    if (live.isEmpty()) {
      found.add(
          "",
          DriftCategory.MISSING,
          desired.image(),
          null,
          sources.registryService(),
          Severity.WARNING);
      return items;
    }
    Observed c = live.get();
    // An image not in the release weakens what was reviewed and released: critical.
    if (!desired.image().equals(c.image())) {
      found.add(
          "image",
          DriftCategory.CHANGED,
          desired.image(),
          c.image(),
          sources.releaseService() + "/image",
          Severity.CRITICAL);
    } else if (desiredImageId != null && !desiredImageId.equals(c.imageId())) {
      found.add(
          "imageId",
          DriftCategory.CHANGED,
          desired.image() + " " + desiredImageId,
          c.image() + " " + c.imageId(),
          sources.releaseService() + "/image",
          Severity.CRITICAL);
    }
    env(found, desired, c);
    labels(found, desired, c);
    List<String> ports =
        desired.ports().stream()
            .map(p -> p.hostIp() + ":" + p.hostPort() + "->" + p.containerPort())
            .sorted()
            .toList();
    if (!ports.equals(c.ports().stream().sorted().toList())) {
      found.add(
          "ports",
          DriftCategory.CHANGED,
          String.join(",", ports),
          String.join(",", c.ports()),
          sources.registryService(),
          Severity.WARNING);
    }
    TreeSet<String> networks = new TreeSet<>(desired.otherNetworks().keySet());
    networks.add(desired.network());
    if (!networks.equals(new TreeSet<>(c.networks()))) {
      found.add(
          "networks",
          DriftCategory.CHANGED,
          String.join(",", networks),
          String.join(",", new TreeSet<>(c.networks())),
          sources.registryService(),
          Severity.WARNING);
    }
    if (!RESTART_POLICY.equals(c.restartPolicy())) {
      found.add(
          "restartPolicy",
          DriftCategory.CHANGED,
          RESTART_POLICY,
          c.restartPolicy(),
          sources.registryService(),
          Severity.INFO);
    }
    // Whether a container runs is HealthWatch's to restore (it pages and recovers), not a
    // configuration difference; and what a stopped or unhealthy service holds cannot be read. So
    // the run says it could not decide (unknown, exit 2) rather than drift.
    if (!c.running()) {
      found.add(
          "state",
          DriftCategory.UNKNOWN,
          "running",
          c.status() + ": what it serves cannot be compared (HealthWatch restores it)",
          sources.registryService(),
          Severity.WARNING);
    } else if ("unhealthy".equals(c.health())) {
      found.add(
          "health",
          DriftCategory.UNKNOWN,
          "healthy",
          c.health() + ": what it serves cannot be compared (HealthWatch restores it)",
          sources.registryService(),
          Severity.WARNING);
    }
    return items;
  }

  /** Where one container's items go. */
  private record Found(String instance, String resource, Sources sources, List<DriftItem> items) {
    void add(String path, DriftCategory cat, String want, String have, String from, Severity sev) {
      items.add(DriftItem.of(instance, resource, path, cat, want, have, from, sev));
    }
  }

  /** Missing when only desired, extra when only there, else changed. */
  private static DriftCategory category(String want, String have) {
    return want == null
        ? DriftCategory.EXTRA
        : have == null ? DriftCategory.MISSING : DriftCategory.CHANGED;
  }

  private void env(Found found, ContainerSpec desired, Observed c) {
    for (String key : differing(desired.env().keySet(), desired.env(), c.env())) {
      String want = desired.env().get(key);
      String have = c.env().get(key);
      String source =
          found.sources().releaseEnv().contains(key)
              ? found.sources().releaseService() + "/env/" + key
              : found.sources().registryService();
      found.add(
          "env." + key,
          have == null ? DriftCategory.MISSING : DriftCategory.CHANGED,
          fingerprints.of(want),
          have == null ? null : fingerprints.of(have) + " (fingerprint changed)",
          source,
          Severity.WARNING);
    }
  }

  private static void labels(Found found, ContainerSpec desired, Observed c) {
    TreeSet<String> keys = new TreeSet<>(desired.labels().keySet());
    // Images carry labels of their own (dive.ops.inputs): only the ones a container is given at
    // creation are compared when the spec lacks them.
    c.labels().keySet().stream()
        .filter(k -> k.startsWith(StackLayout.LABEL_SECRET_PREFIX) || k.startsWith("com.docker."))
        .forEach(keys::add);
    for (String key : differing(keys, desired.labels(), c.labels())) {
      String want = desired.labels().get(key);
      String have = c.labels().get(key);
      boolean secret = key.startsWith(StackLayout.LABEL_SECRET_PREFIX);
      found.add(
          "labels." + key,
          category(want, have),
          want,
          have,
          found.sources().registryService(),
          secret || key.equals(StackLayout.LABEL_RELEASE) ? Severity.WARNING : Severity.INFO);
    }
  }

  /** The keys, sorted, whose value differs between the two maps. */
  private static List<String> differing(
      Collection<String> keys, Map<String, String> want, Map<String, String> have) {
    return new TreeSet<>(keys)
        .stream().filter(key -> !Objects.equals(want.get(key), have.get(key))).toList();
  }

  /**
   * Containers that say they belong to the instance (its instance or project label) and that the
   * layout does not have: leftovers of a deploy that was terminated ({@code <name>-prev-<run>}),
   * containers started by hand. A restore test's containers count only once their time is up.
   */
  public static List<DriftItem> extra(
      String instance,
      Collection<String> desiredNames,
      Collection<ContainerState> labelled,
      long nowMillis,
      String registrySource) {
    List<DriftItem> items = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (ContainerState c : labelled) {
      if (desiredNames.contains(c.name()) || !seen.add(c.name())) {
        continue;
      }
      Map<String, String> labels = c.labels() == null ? Map.of() : c.labels();
      if (labels.containsKey(RESTORE_TEST) && !expired(labels.get(RESTORE_TEST_UNTIL), nowMillis)) {
        continue;
      }
      String what =
          c.name().contains(LEFTOVER_MARK)
              ? "kept aside by a deploy that did not finish"
              : labels.containsKey(RESTORE_TEST) ? "a restore test's, past its time" : c.image();
      items.add(
          DriftItem.of(
              instance,
              "container " + c.name(),
              "",
              DriftCategory.EXTRA,
              null,
              what + " (" + c.status() + ")",
              registrySource,
              Severity.WARNING));
    }
    return items;
  }

  private static boolean expired(String until, long nowMillis) {
    try {
      return until != null && Long.parseLong(until) < nowMillis;
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
