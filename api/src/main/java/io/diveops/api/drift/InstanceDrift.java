package io.diveops.api.drift;

import java.util.List;
import java.util.Map;

/**
 * What one instance's detection found.
 *
 * @param ignored per ignore rule id, how many items it hid on this instance
 * @param resolved the keys ({@link DriftItem#key()}) of items the last run reported and this one
 *     did not find; none when something could not be read (then nothing is known to be resolved)
 */
public record InstanceDrift(
    String instance, List<DriftItem> items, Map<String, Integer> ignored, List<String> resolved) {
  public InstanceDrift {
    items = items == null ? List.of() : List.copyOf(items);
    ignored = ignored == null ? Map.of() : Map.copyOf(ignored);
    resolved = resolved == null ? List.of() : List.copyOf(resolved);
  }

  public InstanceDrift(String instance, List<DriftItem> items, Map<String, Integer> ignored) {
    this(instance, items, ignored, List.of());
  }
}
