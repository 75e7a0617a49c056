package io.diveops.activities.secrets;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.DeleteSecretRequest;
import com.google.cloud.secretmanager.v1.DestroySecretVersionRequest;
import com.google.cloud.secretmanager.v1.DisableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.EnableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.GetSecretRequest;
import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsResponse;
import com.google.cloud.secretmanager.v1.ListSecretsRequest;
import com.google.cloud.secretmanager.v1.ListSecretsResponse;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A stateful Secret Manager (google.cloud.secretmanager.v1) served over real gRPC on a loopback
 * port, so the real client talks to it as it talks to Google: plaintext, no credentials. It keeps
 * the semantics the stores rely on: version numbers increase from 1 per secret; {@code latest} is
 * the most recently created version whatever its state; reading a disabled or destroyed version
 * fails FAILED_PRECONDITION; unknown secrets and versions fail NOT_FOUND; a duplicate secret fails
 * ALREADY_EXISTS; an update carrying a stale etag fails ABORTED (AIP-154). The generated
 * SecretManagerServiceGrpc stubs are not served to this build, so the service is declared here from
 * the same method names and messages.
 */
public final class FakeSecretManager implements AutoCloseable {
  static final String SERVICE = "google.cloud.secretmanager.v1.SecretManagerService";
  private static final Pattern SECRET_ID = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");
  private static final Pattern PROJECT = Pattern.compile("^projects/[^/]+$");

  private final Map<String, StoredSecret> secrets = new TreeMap<>();
  private final Server server;
  private long etags;

  private static final class StoredSecret {
    Secret secret;
    final List<StoredVersion> versions = new ArrayList<>();
  }

  private static final class StoredVersion {
    SecretVersion meta;
    ByteString data;
  }

  private FakeSecretManager() {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(service())
            .build();
  }

  /** A fresh, empty Secret Manager on a free loopback port. */
  public static FakeSecretManager start() {
    FakeSecretManager fake = new FakeSecretManager();
    try {
      fake.server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fake;
  }

  /** host:port, for {@code dive-ops.secret-manager-endpoint}. */
  public String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The real client, talking to this fake as it talks to Google, with tests' short timeouts. */
  public SecretManagerServiceClient client() {
    try {
      return SecretManagerServiceClient.create(
          SecretManagerServiceSettings.newBuilder()
              .setTransportChannelProvider(
                  InstantiatingGrpcChannelProvider.newBuilder()
                      .setEndpoint(endpoint())
                      .setChannelConfigurator(b -> b.usePlaintext())
                      .build())
              .setCredentialsProvider(NoCredentialsProvider.create())
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every value any version holds or held, to search logs and messages for. */
  public synchronized Set<String> values() {
    Set<String> values = new TreeSet<>();
    secrets.values().forEach(s -> s.versions.forEach(v -> values.add(v.data.toStringUtf8())));
    values.remove("");
    return values;
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  // --- the service ---

  synchronized Secret createSecret(CreateSecretRequest request) {
    if (!PROJECT.matcher(request.getParent()).matches()) {
      throw invalid("parent must be projects/<project>");
    }
    if (!SECRET_ID.matcher(request.getSecretId()).matches()) {
      throw invalid("secret_id must be letters, digits, '-' or '_'");
    }
    if (!request.getSecret().hasReplication()) {
      throw invalid("replication is required");
    }
    String name = request.getParent() + "/secrets/" + request.getSecretId();
    if (secrets.containsKey(name)) {
      throw Status.ALREADY_EXISTS
          .withDescription("Secret [" + name + "] already exists.")
          .asRuntimeException();
    }
    StoredSecret stored = new StoredSecret();
    stored.secret =
        request.getSecret().toBuilder().setName(name).setCreateTime(now()).setEtag(etag()).build();
    secrets.put(name, stored);
    return stored.secret;
  }

  synchronized Secret getSecret(GetSecretRequest request) {
    return secret(request.getName()).secret;
  }

  synchronized Secret updateSecret(UpdateSecretRequest request) {
    StoredSecret stored = secret(request.getSecret().getName());
    checkEtag(request.getSecret().getEtag(), stored.secret.getEtag());
    Secret.Builder updated = stored.secret.toBuilder();
    for (String path : request.getUpdateMask().getPathsList()) {
      switch (path) {
        case "labels" -> updated.clearLabels().putAllLabels(request.getSecret().getLabelsMap());
        case "version_aliases" -> {
          for (long number : request.getSecret().getVersionAliasesMap().values()) {
            if (number < 1 || number > stored.versions.size()) {
              throw invalid("an alias names version " + number + ", which does not exist");
            }
          }
          updated
              .clearVersionAliases()
              .putAllVersionAliases(request.getSecret().getVersionAliasesMap());
        }
        default -> throw invalid("update_mask path '" + path + "' is not supported here");
      }
    }
    stored.secret = updated.setEtag(etag()).build();
    return stored.secret;
  }

  synchronized ListSecretsResponse listSecrets(ListSecretsRequest request) {
    ListSecretsResponse.Builder response = ListSecretsResponse.newBuilder();
    secrets.forEach(
        (name, stored) -> {
          if (name.startsWith(request.getParent() + "/secrets/")) {
            response.addSecrets(stored.secret);
          }
        });
    return response.setTotalSize(response.getSecretsCount()).build();
  }

  synchronized Empty deleteSecret(DeleteSecretRequest request) {
    StoredSecret stored = secret(request.getName());
    checkEtag(request.getEtag(), stored.secret.getEtag());
    secrets.remove(request.getName());
    return Empty.getDefaultInstance();
  }

  synchronized SecretVersion addSecretVersion(AddSecretVersionRequest request) {
    StoredSecret stored = secret(request.getParent());
    SecretPayload payload = request.getPayload();
    if (payload.hasDataCrc32C()) {
      CRC32C crc = new CRC32C();
      crc.update(payload.getData().toByteArray());
      if (crc.getValue() != payload.getDataCrc32C()) {
        throw invalid("Checksum mismatch.");
      }
    }
    StoredVersion version = new StoredVersion();
    version.data = payload.getData();
    version.meta =
        SecretVersion.newBuilder()
            .setName(request.getParent() + "/versions/" + (stored.versions.size() + 1))
            .setCreateTime(now())
            .setState(SecretVersion.State.ENABLED)
            .setEtag(etag())
            .build();
    stored.versions.add(version);
    return version.meta;
  }

  synchronized SecretVersion getSecretVersion(GetSecretVersionRequest request) {
    return version(request.getName()).meta;
  }

  synchronized AccessSecretVersionResponse accessSecretVersion(AccessSecretVersionRequest request) {
    StoredVersion version = version(request.getName());
    if (version.meta.getState() != SecretVersion.State.ENABLED) {
      throw Status.FAILED_PRECONDITION
          .withDescription(
              "Secret Version ["
                  + version.meta.getName()
                  + "] is in "
                  + version.meta.getState()
                  + " state.")
          .asRuntimeException();
    }
    CRC32C crc = new CRC32C();
    crc.update(version.data.toByteArray());
    return AccessSecretVersionResponse.newBuilder()
        .setName(version.meta.getName())
        .setPayload(SecretPayload.newBuilder().setData(version.data).setDataCrc32C(crc.getValue()))
        .build();
  }

  /** Newest first, as Secret Manager lists them. */
  synchronized ListSecretVersionsResponse listSecretVersions(ListSecretVersionsRequest request) {
    StoredSecret stored = secret(request.getParent());
    ListSecretVersionsResponse.Builder response = ListSecretVersionsResponse.newBuilder();
    for (int i = stored.versions.size() - 1; i >= 0; i--) {
      response.addVersions(stored.versions.get(i).meta);
    }
    return response.setTotalSize(stored.versions.size()).build();
  }

  synchronized SecretVersion disableSecretVersion(DisableSecretVersionRequest request) {
    return transition(request.getName(), request.getEtag(), SecretVersion.State.DISABLED);
  }

  synchronized SecretVersion enableSecretVersion(EnableSecretVersionRequest request) {
    return transition(request.getName(), request.getEtag(), SecretVersion.State.ENABLED);
  }

  synchronized SecretVersion destroySecretVersion(DestroySecretVersionRequest request) {
    return transition(request.getName(), request.getEtag(), SecretVersion.State.DESTROYED);
  }

  private SecretVersion transition(String name, String etag, SecretVersion.State to) {
    StoredVersion version = version(name);
    checkEtag(etag, version.meta.getEtag());
    if (version.meta.getState() == SecretVersion.State.DESTROYED) {
      throw Status.FAILED_PRECONDITION
          .withDescription("Secret Version [" + version.meta.getName() + "] is in DESTROYED state.")
          .asRuntimeException();
    }
    SecretVersion.Builder meta = version.meta.toBuilder().setState(to).setEtag(etag());
    if (to == SecretVersion.State.DESTROYED) {
      version.data = ByteString.EMPTY; // gone for good, as in Secret Manager
      meta.setDestroyTime(now());
    }
    version.meta = meta.build();
    return version.meta;
  }

  private StoredSecret secret(String name) {
    StoredSecret stored = secrets.get(name);
    if (stored == null) {
      throw Status.NOT_FOUND
          .withDescription("Secret [" + name + "] not found.")
          .asRuntimeException();
    }
    return stored;
  }

  /** A version by number, by alias, or {@code latest}: the most recently created one. */
  private StoredVersion version(String name) {
    int at = name.lastIndexOf("/versions/");
    if (at < 0) {
      throw invalid("not a version name: " + name);
    }
    StoredSecret stored = secret(name.substring(0, at));
    String id = name.substring(at + "/versions/".length());
    long number;
    if (id.equals("latest")) {
      number = stored.versions.size();
    } else if (id.matches("[0-9]+")) {
      number = Long.parseLong(id);
    } else {
      number = stored.secret.getVersionAliasesMap().getOrDefault(id, 0L);
    }
    if (number < 1 || number > stored.versions.size()) {
      throw Status.NOT_FOUND
          .withDescription("Secret Version [" + name + "] not found.")
          .asRuntimeException();
    }
    return stored.versions.get((int) number - 1);
  }

  private static void checkEtag(String given, String current) {
    if (!given.isEmpty() && !given.equals(current)) {
      throw Status.ABORTED
          .withDescription("etag " + given + " does not match the current etag")
          .asRuntimeException();
    }
  }

  private String etag() {
    return "\"" + Long.toHexString(++etags) + "\"";
  }

  private static Timestamp now() {
    Instant now = Instant.now();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }

  private static StatusRuntimeException invalid(String why) {
    return Status.INVALID_ARGUMENT.withDescription(why).asRuntimeException();
  }

  private ServerServiceDefinition service() {
    ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(SERVICE);
    unary(
        service,
        "CreateSecret",
        CreateSecretRequest.getDefaultInstance(),
        Secret.getDefaultInstance(),
        this::createSecret);
    unary(
        service,
        "GetSecret",
        GetSecretRequest.getDefaultInstance(),
        Secret.getDefaultInstance(),
        this::getSecret);
    unary(
        service,
        "UpdateSecret",
        UpdateSecretRequest.getDefaultInstance(),
        Secret.getDefaultInstance(),
        this::updateSecret);
    unary(
        service,
        "ListSecrets",
        ListSecretsRequest.getDefaultInstance(),
        ListSecretsResponse.getDefaultInstance(),
        this::listSecrets);
    unary(
        service,
        "DeleteSecret",
        DeleteSecretRequest.getDefaultInstance(),
        Empty.getDefaultInstance(),
        this::deleteSecret);
    unary(
        service,
        "AddSecretVersion",
        AddSecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(),
        this::addSecretVersion);
    unary(
        service,
        "GetSecretVersion",
        GetSecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(),
        this::getSecretVersion);
    unary(
        service,
        "AccessSecretVersion",
        AccessSecretVersionRequest.getDefaultInstance(),
        AccessSecretVersionResponse.getDefaultInstance(),
        this::accessSecretVersion);
    unary(
        service,
        "ListSecretVersions",
        ListSecretVersionsRequest.getDefaultInstance(),
        ListSecretVersionsResponse.getDefaultInstance(),
        this::listSecretVersions);
    unary(
        service,
        "DisableSecretVersion",
        DisableSecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(),
        this::disableSecretVersion);
    unary(
        service,
        "EnableSecretVersion",
        EnableSecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(),
        this::enableSecretVersion);
    unary(
        service,
        "DestroySecretVersion",
        DestroySecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(),
        this::destroySecretVersion);
    return service.build();
  }

  private static <Q extends Message, R extends Message> void unary(
      ServerServiceDefinition.Builder service,
      String method,
      Q request,
      R response,
      Function<Q, R> handler) {
    MethodDescriptor<Q, R> descriptor =
        MethodDescriptor.<Q, R>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
            .setRequestMarshaller(ProtoUtils.marshaller(request))
            .setResponseMarshaller(ProtoUtils.marshaller(response))
            .build();
    service.addMethod(
        descriptor,
        ServerCalls.asyncUnaryCall(
            (Q q, StreamObserver<R> answer) -> {
              R r;
              try {
                r = handler.apply(q);
              } catch (StatusRuntimeException e) {
                answer.onError(e);
                return;
              }
              answer.onNext(r);
              answer.onCompleted();
            }));
  }
}
