package io.diveops.activities.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DIVE registry (format v3.x): the single source of truth for every instance. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FederationRegistry(
    String version, Defaults defaults, Map<String, Instance> instances, Federation federation) {

  public FederationRegistry {
    instances = Ordered.copy(instances);
  }

  public Optional<Instance> instance(String key) {
    return Optional.ofNullable(instances.get(key));
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Defaults(String realm, String clientId, List<String> clearanceLevels) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Federation(
      String model, Map<String, List<String>> matrix, Boolean defaultEnabled, String trustModel) {
    public Federation {
      matrix = Ordered.copy(matrix);
    }
  }
}
