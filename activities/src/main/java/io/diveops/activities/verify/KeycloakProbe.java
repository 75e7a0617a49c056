package io.diveops.activities.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The few Keycloak calls verification needs: discovery, a password-grant token, the admin API. */
public class KeycloakProbe {
  private final HttpProbe http;
  private final ObjectMapper json = new ObjectMapper();

  public KeycloakProbe(HttpProbe http) {
    this.http = http;
  }

  public JsonNode discovery(String issuer) throws IOException {
    HttpProbe.Response response = http.get(issuer + "/.well-known/openid-configuration", Map.of());
    if (response.status() != 200) {
      throw new IOException("discovery answered " + response.status());
    }
    return json.readTree(response.body());
  }

  /**
   * A password-grant token; returns the response with its timing, or throws with Keycloak's error.
   */
  public HttpProbe.Response passwordGrant(
      String tokenEndpoint, String clientId, String clientSecret, String username, String password)
      throws IOException {
    Map<String, String> form = new java.util.LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", clientId);
    if (clientSecret != null) {
      form.put("client_secret", clientSecret);
    }
    form.put("username", username);
    form.put("password", password);
    form.put("scope", "openid");
    HttpProbe.Response response = http.postForm(tokenEndpoint, form);
    if (response.status() != 200) {
      String error =
          json.readTree(response.body()).path("error").asText("HTTP " + response.status());
      throw new IOException("token request for " + username + " refused: " + error);
    }
    return response;
  }

  /**
   * The claims of a JWT, without verifying its signature (the token came straight from the issuer).
   */
  public JsonNode claims(String jwt) throws IOException {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      throw new IOException("not a JWT");
    }
    return json.readTree(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  public String accessToken(HttpProbe.Response tokenResponse) throws IOException {
    return json.readTree(tokenResponse.body()).path("access_token").asText();
  }

  /** The realm's identity providers, via the admin API with a master-realm admin token. */
  public JsonNode identityProviders(
      String baseUrl, String realm, String adminUser, String adminPassword) throws IOException {
    HttpProbe.Response token =
        passwordGrant(
            baseUrl + "/realms/master/protocol/openid-connect/token",
            "admin-cli",
            null,
            adminUser,
            adminPassword);
    HttpProbe.Response response =
        http.get(
            baseUrl + "/admin/realms/" + realm + "/identity-provider/instances",
            Map.of("Authorization", "Bearer " + accessToken(token)));
    if (response.status() != 200) {
      throw new IOException("admin API answered " + response.status());
    }
    return json.readTree(response.body());
  }
}
