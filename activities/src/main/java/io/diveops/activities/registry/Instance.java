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
    Map<String, String> secrets,
    KeycloakSettings keycloak,
    MongoSettings mongodb,
    TestUsers testUsers) {

  public Instance {
    services = Ordered.copy(services);
    secrets = Ordered.copy(secrets);
  }

  /**
   * Where the instance's containers run, and the compose project that groups them.
   *
   * @param composeFile the hand-written compose file DIVE keeps for the instance (e.g. {@code
   *     docker-compose.fra.yml}): {@code config diff} knows a file by it
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Deployment(
      String provider, String host, String domain, String projectName, String composeFile) {}

  /**
   * @param managementPort an extension of the sandbox registry: Keycloak's management port (health,
   *     metrics) published on the host
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ServiceEndpoint(
      String name,
      String containerName,
      Integer internalPort,
      Integer externalPort,
      String protocol,
      String hostname,
      Integer managementPort) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KeycloakSettings(
      String adminUsername, Map<String, String> database, String theme) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MongoSettings(String database, String user) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TestUsers(
      Boolean create,
      java.util.List<Integer> clearances,
      String usernameTemplate,
      String emailDomain) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Cloudflare(
      String tunnelId, String tunnelName, String credentialsFile, Integer metricsPort) {}
}
