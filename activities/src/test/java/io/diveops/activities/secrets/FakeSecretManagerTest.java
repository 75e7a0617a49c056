package io.diveops.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.secretmanager.v1.DestroySecretVersionRequest;
import com.google.cloud.secretmanager.v1.DisableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.EnableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.ProjectName;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import com.google.protobuf.ByteString;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake's own semantics, through the real client over real gRPC: those of Secret Manager. */
class FakeSecretManagerTest {
  static final String PROJECT = "dive-test";
  static FakeSecretManager fake;
  static SecretManagerServiceClient client;

  @BeforeAll
  static void start() {
    fake = FakeSecretManager.start();
    client = fake.client();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    client.close();
    fake.close();
  }

  static SecretName create(String id) {
    client.createSecret(
        ProjectName.of(PROJECT),
        id,
        Secret.newBuilder()
            .setReplication(
                Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance()))
            .build());
    return SecretName.of(PROJECT, id);
  }

  static SecretVersion add(SecretName secret, String value) {
    return client.addSecretVersion(
        secret, SecretPayload.newBuilder().setData(ByteString.copyFromUtf8(value)).build());
  }

  static String access(SecretName secret, String version) {
    return client
        .accessSecretVersion(SecretVersionName.of(PROJECT, secret.getSecret(), version))
        .getPayload()
        .getData()
        .toStringUtf8();
  }

  static void assertStatus(ThrowingCallable call, StatusCode.Code code) {
    assertThatThrownBy(call)
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).getStatusCode().getCode()).isEqualTo(code));
  }

  @Test
  void versionsAreNumberedFromOneAndLatestIsTheNewestCreatedWhateverItsState() {
    SecretName secret = create("numbered");
    assertThat(add(secret, "one").getName()).endsWith("/versions/1");
    assertThat(add(secret, "two").getName()).endsWith("/versions/2");
    assertThat(access(secret, "latest")).isEqualTo("two");
    assertThat(access(secret, "1")).isEqualTo("one");

    client.disableSecretVersion(SecretVersionName.of(PROJECT, "numbered", "2"));
    // "latest" does not fall back to version 1.
    assertStatus(() -> access(secret, "latest"), StatusCode.Code.FAILED_PRECONDITION);
    assertThat(access(secret, "1")).isEqualTo("one");
    assertThat(add(secret, "three").getName()).endsWith("/versions/3");
    assertThat(access(secret, "latest")).isEqualTo("three");
  }

  @Test
  void disabledAndDestroyedVersionsCannotBeRead() {
    SecretName secret = create("states");
    add(secret, "a");
    add(secret, "b");
    client.disableSecretVersion(SecretVersionName.of(PROJECT, "states", "1"));
    assertStatus(() -> access(secret, "1"), StatusCode.Code.FAILED_PRECONDITION);
    client.enableSecretVersion(SecretVersionName.of(PROJECT, "states", "1"));
    assertThat(access(secret, "1")).isEqualTo("a");

    SecretVersion destroyed =
        client.destroySecretVersion(SecretVersionName.of(PROJECT, "states", "1"));
    assertThat(destroyed.getState()).isEqualTo(SecretVersion.State.DESTROYED);
    assertStatus(() -> access(secret, "1"), StatusCode.Code.FAILED_PRECONDITION);
    assertStatus(
        () -> client.enableSecretVersion(SecretVersionName.of(PROJECT, "states", "1")),
        StatusCode.Code.FAILED_PRECONDITION);
  }

  @Test
  void unknownSecretsAndVersionsAreNotFoundAndDuplicatesAlreadyExist() {
    assertStatus(() -> client.getSecret(SecretName.of(PROJECT, "nope")), StatusCode.Code.NOT_FOUND);
    SecretName secret = create("once");
    assertStatus(() -> access(secret, "latest"), StatusCode.Code.NOT_FOUND);
    add(secret, "x");
    assertStatus(() -> access(secret, "2"), StatusCode.Code.NOT_FOUND);
    assertStatus(() -> create("once"), StatusCode.Code.ALREADY_EXISTS);
    client.deleteSecret(secret);
    assertStatus(() -> access(secret, "1"), StatusCode.Code.NOT_FOUND);
  }

  @Test
  void updatesWithAStaleEtagAreRefused() {
    SecretName secret = create("etags");
    SecretVersion v1 = add(secret, "v");
    String version = SecretVersionName.of(PROJECT, "etags", "1").toString();
    SecretVersion disabled =
        client.disableSecretVersion(
            DisableSecretVersionRequest.newBuilder()
                .setName(version)
                .setEtag(v1.getEtag())
                .build());
    assertThat(disabled.getEtag()).isNotEqualTo(v1.getEtag());
    // v1's etag is stale now.
    assertStatus(
        () ->
            client.enableSecretVersion(
                EnableSecretVersionRequest.newBuilder()
                    .setName(version)
                    .setEtag(v1.getEtag())
                    .build()),
        StatusCode.Code.ABORTED);
    assertStatus(
        () ->
            client.destroySecretVersion(
                DestroySecretVersionRequest.newBuilder().setName(version).setEtag("\"0\"").build()),
        StatusCode.Code.ABORTED);
    client.enableSecretVersion(
        EnableSecretVersionRequest.newBuilder()
            .setName(version)
            .setEtag(disabled.getEtag())
            .build());
    assertThat(access(secret, "1")).isEqualTo("v");
  }

  @Test
  void listsSecretsAndTheirVersionsNewestFirst() {
    SecretName secret = create("listed");
    List.of("first", "second").forEach(value -> add(secret, value));
    assertThat(client.listSecrets(ProjectName.of(PROJECT)).iterateAll())
        .extracting(Secret::getName)
        .contains(secret.toString());
    assertThat(client.listSecretVersions(secret).iterateAll())
        .extracting(SecretVersion::getName)
        .containsExactly(secret + "/versions/2", secret + "/versions/1");
  }
}
