package io.diveops.api.drift;

import java.util.List;
import java.util.Map;

/**
 * What one instance's detection found.
 *
 * @param ignored per ignore rule id, how many items it hid on this instance
 */
public record InstanceDrift(String instance, List<DriftItem> items, Map<String, Integer> ignored) {
  public InstanceDrift {
    items = items == null ? List.of() : List.copyOf(items);
    ignored = ignored == null ? Map.of() : Map.copyOf(ignored);
  }
}
