package io.diveops.activities.drift;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each of an instance's items was first seen, kept across runs in {@code
 * <instances>/<key>/drift.json} (written whole, then moved). An item not found again is resolved
 * and forgotten: if it comes back, it is new.
 */
public final class DriftRecord {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path instancesDir;

  public DriftRecord(Path instancesDir) {
    this.instancesDir = instancesDir;
  }

  public Path file(String instance) {
    return instancesDir.resolve(instance).resolve("drift.json");
  }

  /** This run's items, stamped, and the keys of the last run's items no longer found. */
  public record Stamped(List<DriftItem> items, List<String> resolved) {}

  /**
   * The items stamped with first seen (kept) and last seen ({@code now}); the record rewritten.
   * When an item is {@code unknown} (Docker or Keycloak could not be read), the last run's items
   * not found again are kept, not resolved: what could not be read cannot be said to be fixed.
   */
  public Stamped stamp(String instance, List<DriftItem> items, Instant now) {
    Map<String, String> first = read(file(instance));
    Map<String, String> next = new TreeMap<>();
    String last = now.toString();
    List<DriftItem> stamped =
        items.stream()
            .map(
                item -> {
                  String seen = first.getOrDefault(item.key(), last);
                  next.put(item.key(), seen);
                  return item.seen(seen, last);
                })
            .toList();
    List<String> resolved =
        first.keySet().stream().filter(key -> !next.containsKey(key)).sorted().toList();
    if (items.stream().anyMatch(item -> item.category() == DriftCategory.UNKNOWN)) {
      resolved.forEach(key -> next.put(key, first.get(key)));
      resolved = List.of();
    }
    // Read again is not a difference fixed: never alerted, never resolved.
    resolved =
        resolved.stream()
            .filter(key -> !key.endsWith("|" + DriftCategory.UNKNOWN.label()))
            .toList();
    if (!next.equals(first)) {
      ReleaseHistory.write(file(instance), next);
    }
    return new Stamped(stamped, resolved);
  }

  private static Map<String, String> read(Path file) {
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() {});
    } catch (IOException e) {
      // A record that cannot be read only loses first-seen times: start it again.
      return Map.of();
    }
  }
}
