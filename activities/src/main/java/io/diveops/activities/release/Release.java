package io.diveops.activities.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * What a release runs: per service, an image and its environment ({@code releases/<version>.json}).
 * The registry says where and how an instance runs; the release says which build.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Release(String version, Map<String, ServiceRelease> services) {
  public Release {
    services = services == null ? Map.of() : Map.copyOf(services);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ServiceRelease(String image, Map<String, String> env) {
    public ServiceRelease {
      env = env == null ? Map.of() : Map.copyOf(env);
    }
  }
}
