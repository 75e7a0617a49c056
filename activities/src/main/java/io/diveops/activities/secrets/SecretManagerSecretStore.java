package io.diveops.activities.secrets;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.secretmanager.v1.ProjectName;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Secrets in Google Cloud Secret Manager, where DIVE keeps them in production. Names are DIVE's
 * ({@code dive-v3-<kind>-<code>}, {@code dive-v3-federation-<source>-<target>}); values are read
 * from a numbered version, never "latest": Secret Manager's "latest" is the most recently created
 * version even when that one is disabled, and a container must be started with, and labelled with,
 * the version it was given. Errors name the secret and the version, never a value.
 */
public class SecretManagerSecretStore implements SecretStore, AutoCloseable {
  /**
   * A version alias on the secret that pins the version {@link #resolve(String)} reads (rotation
   * moves it); without it, the newest enabled version is read.
   */
  public static final String PIN_ALIAS = "current";

  private static final Pattern FEDERATION =
      Pattern.compile("^dive-v3-federation-([a-z]+)-([a-z]+)$");

  private final SecretManagerServiceClient client;
  private final String project;
  // How errors name the store: its project, and an endpoint other than Google's.
  private final String where;

  /**
   * @param project the Google Cloud project whose secrets these are
   * @param endpoint the endpoint the client talks to when not Google's (empty: Google's)
   */
  public SecretManagerSecretStore(
      SecretManagerServiceClient client, String project, String endpoint) {
    this.where =
        "Secret Manager projects/"
            + project
            + (endpoint == null || endpoint.isBlank() ? "" : " at " + endpoint);
    this.client = client;
    this.project = project;
  }

  /**
   * A store on the project's secrets. {@code endpoint} (host:port) overrides Google's endpoint with
   * a plaintext, unauthenticated one: a Secret Manager the tests run on loopback. Every call gives
   * up after {@code timeout}, retries included, so an unreachable service is an error, not a hang.
   */
  public static SecretManagerSecretStore connect(
      String project, String endpoint, Duration timeout) {
    try {
      SecretManagerServiceSettings.Builder settings = SecretManagerServiceSettings.newBuilder();
      boolean local = endpoint != null && !endpoint.isBlank();
      if (local) {
        settings
            .setTransportChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(endpoint)
                    .setChannelConfigurator(b -> b.usePlaintext())
                    .build())
            .setCredentialsProvider(NoCredentialsProvider.create());
      }
      settings.applyToAllUnaryMethods(
          method -> {
            method.setRetrySettings(
                method.getRetrySettings().toBuilder()
                    .setInitialRpcTimeoutDuration(timeout)
                    .setMaxRpcTimeoutDuration(timeout)
                    .setTotalTimeoutDuration(timeout)
                    .build());
            return null;
          });
      return new SecretManagerSecretStore(
          SecretManagerServiceClient.create(settings.build()), project, endpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open Secret Manager for project " + project, e);
    }
  }

  @Override
  public String resolve(String name) {
    return resolve(name, version(name));
  }

  @Override
  public String resolve(String name, String version) {
    SecretVersionName id = SecretVersionName.of(project, SecretValues.checkName(name), version);
    return call(name, version, () -> client.accessSecretVersion(id))
        .getPayload()
        .getData()
        .toStringUtf8();
  }

  @Override
  public String version(String name) {
    Secret secret = call(name, null, () -> client.getSecret(secretName(name)));
    Long pinned = secret.getVersionAliasesMap().get(PIN_ALIAS);
    if (pinned != null) {
      return String.valueOf(pinned);
    }
    return versions(name).stream()
        .filter(v -> SecretVersion.State.ENABLED.name().equals(v.state()))
        .reduce((older, newer) -> newer)
        .map(StoredVersion::version)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "secret '" + name + "' has no enabled version in " + where));
  }

  @Override
  public synchronized String ensure(String name) {
    SecretName secret = secretName(name);
    try {
      client.getSecret(secret);
    } catch (ApiException e) {
      if (code(e) != StatusCode.Code.NOT_FOUND) {
        throw failure(name, null, e);
      }
      create(name);
    }
    if (versions(name).isEmpty()) {
      String value = SecretValues.fresh();
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      SecretPayload payload =
          SecretPayload.newBuilder()
              .setData(ByteString.copyFrom(bytes))
              .setDataCrc32C(crc.getValue())
              .build();
      call(name, null, () -> client.addSecretVersion(secret, payload));
    }
    return resolve(name);
  }

  private void create(String name) {
    Secret secret =
        Secret.newBuilder()
            .setReplication(
                Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance()))
            .putAllLabels(labels(name))
            .build();
    try {
      client.createSecret(ProjectName.of(project), name, secret);
    } catch (ApiException e) {
      if (code(e) != StatusCode.Code.ALREADY_EXISTS) { // another worker created it first
        throw failure(name, null, e);
      }
    }
  }

  /** {@code project=dive-v3}; a federation pair's secret also says which pair it belongs to. */
  static Map<String, String> labels(String name) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("project", "dive-v3");
    Matcher pair = FEDERATION.matcher(name);
    if (pair.matches()) {
      labels.put("type", "federation");
      labels.put("source", pair.group(1));
      labels.put("target", pair.group(2));
    }
    return labels;
  }

  @Override
  public List<StoredVersion> versions(String name) {
    List<StoredVersion> versions = new ArrayList<>();
    try {
      for (SecretVersion v : client.listSecretVersions(secretName(name)).iterateAll()) {
        versions.add(
            new StoredVersion(
                name,
                SecretVersionName.parse(v.getName()).getSecretVersion(),
                v.getState().name()));
      }
    } catch (ApiException e) {
      if (code(e) == StatusCode.Code.NOT_FOUND) {
        return List.of();
      }
      throw failure(name, null, e);
    }
    versions.sort(Comparator.comparingLong(v -> Long.parseLong(v.version())));
    return List.copyOf(versions);
  }

  @Override
  public List<String> names() {
    List<String> names = new ArrayList<>();
    try {
      for (Secret s : client.listSecrets(ProjectName.of(project)).iterateAll()) {
        names.add(SecretName.parse(s.getName()).getSecret());
      }
    } catch (ApiException e) {
      throw new IllegalStateException("cannot list the secrets of " + where + ": " + code(e), e);
    }
    names.sort(null);
    return List.copyOf(names);
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public synchronized void destroy(String name) {
    try {
      client.deleteSecret(secretName(name));
    } catch (com.google.api.gax.rpc.NotFoundException e) {
      // Already gone: a retried compensation.
    }
  }

  @Override
  public synchronized boolean disable(String name) {
    List<StoredVersion> versions = versions(name);
    for (StoredVersion v : versions) {
      if (v.state().equals("ENABLED")) {
        call(
            name,
            v.version(),
            () -> client.disableSecretVersion(SecretVersionName.of(project, name, v.version())));
      }
    }
    return !versions.isEmpty();
  }

  private SecretName secretName(String name) {
    return SecretName.of(project, SecretValues.checkName(name));
  }

  private <T> T call(String name, String version, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (ApiException e) {
      throw failure(name, version, e);
    }
  }

  private static StatusCode.Code code(ApiException e) {
    return e.getStatusCode().getCode();
  }

  /** What went wrong, naming the secret and version: a status never carries a secret's value. */
  private IllegalStateException failure(String name, String version, ApiException e) {
    String secret = "secret '" + name + "'" + (version == null ? "" : " version " + version);
    String why =
        switch (code(e)) {
          case NOT_FOUND -> secret + " does not exist in " + where;
          case FAILED_PRECONDITION ->
              secret + " cannot be read: it is disabled or destroyed in " + where;
          case UNAVAILABLE, DEADLINE_EXCEEDED ->
              where + " cannot be reached (" + code(e) + ") for " + secret;
          case PERMISSION_DENIED, UNAUTHENTICATED ->
              where + " refused access (" + code(e) + ") to " + secret;
          default -> where + " failed (" + code(e) + ") on " + secret;
        };
    return new IllegalStateException(why, e);
  }
}
