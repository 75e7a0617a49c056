package io.diveops.api.drift;

import io.diveops.api.alert.Severity;

/**
 * One concrete difference between what an instance should be and what it is. Values are never a
 * secret: environment values by keyed fingerprint, secrets by the version a container was started
 * with.
 *
 * @param resource what differs, e.g. {@code container backend-fra}, {@code idp gbr-federation}
 * @param path where in it, e.g. {@code image}, {@code env.REDIS_URL}, {@code
 *     config.validateSignature}
 * @param source where the desired value comes from: file and JSON pointer, e.g. {@code
 *     releases/1.0.0.json#/services/backend/image}
 * @param firstSeen ISO-8601 instant the item was first reported (kept across runs)
 * @param lastSeen ISO-8601 instant of this run
 */
public record DriftItem(
    String instance,
    String resource,
    String path,
    DriftCategory category,
    String desired,
    String actual,
    String source,
    Severity severity,
    String firstSeen,
    String lastSeen) {

  /** What makes two runs' items the same item: first seen is kept by it. */
  public String key() {
    return instance + "|" + resource + "|" + path + "|" + category.label();
  }

  public DriftItem seen(String first, String last) {
    return new DriftItem(
        instance, resource, path, category, desired, actual, source, severity, first, last);
  }

  /** An item as a comparison makes it: first and last seen are stamped later. */
  public static DriftItem of(
      String instance,
      String resource,
      String path,
      DriftCategory category,
      String desired,
      String actual,
      String source,
      Severity severity) {
    return new DriftItem(
        instance, resource, path, category, desired, actual, source, severity, null, null);
  }

  /** An item for something that could not be read. */
  public static DriftItem unknown(String instance, String resource, String reason) {
    return of(instance, resource, "", DriftCategory.UNKNOWN, null, reason, null, Severity.WARNING);
  }
}
