package io.diveops.activities.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** One nation's DIVE stack as the registry describes it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Instance(
    String code,
    String name,
    String type,
    boolean enabled,
    boolean primary,
    Deployment deployment,
    Map<String, ServiceEndpoint> services,
    Cloudflare cloudflare,
    Map<String, String> secrets) {

  public Instance {
    services = Ordered.copy(services);
    secrets = Ordered.copy(secrets);
  }

  /** Where the instance's containers run, and the compose project that groups them. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Deployment(String provider, String host, String domain, String projectName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ServiceEndpoint(
      String name,
      String containerName,
      Integer internalPort,
      Integer externalPort,
      String protocol,
      String hostname) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Cloudflare(
      String tunnelId, String tunnelName, String credentialsFile, Integer metricsPort) {}
}
