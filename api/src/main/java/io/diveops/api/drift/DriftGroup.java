package io.diveops.api.drift;

import io.diveops.api.alert.Severity;
import java.util.List;

/** The same difference (resource, path, category, values) on one or more instances. */
public record DriftGroup(
    String resource,
    String path,
    DriftCategory category,
    Severity severity,
    String desired,
    String actual,
    List<String> instances) {
  public DriftGroup {
    instances = instances == null ? List.of() : List.copyOf(instances);
  }
}
