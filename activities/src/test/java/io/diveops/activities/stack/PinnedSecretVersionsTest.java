package io.diveops.activities.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import com.google.protobuf.ByteString;
import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.secrets.FakeSecretManager;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.secrets.SecretManagerSecretStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container gets a numbered version of each secret, and says which in its labels. */
class PinnedSecretVersionsTest {
  static final Instance USA = KeycloakDatabaseSecretTest.REGISTRY.instance("usa").orElseThrow();

  ContainerSpec spec(StackLayout layout, String service) {
    return layout.spec("usa", USA, service, KeycloakDatabaseSecretTest.RELEASE);
  }

  @Test
  void aContainerIsLabelledWithTheVersionOfEachSecretItGot() throws Exception {
    try (FakeSecretManager fake = FakeSecretManager.start();
        SecretManagerServiceClient client = fake.client();
        SecretManagerSecretStore store =
            SecretManagerSecretStore.connect("dive-test", fake.endpoint(), Duration.ofSeconds(5))) {
      new InstanceStack(null, store, line -> {})
          .ensureSecrets(KeycloakDatabaseSecretTest.REGISTRY, "usa");
      client.addSecretVersion(
          SecretName.of("dive-test", "dive-v3-redis-usa"),
          SecretPayload.newBuilder().setData(ByteString.copyFromUtf8("redis-two")).build());
      StackLayout layout = new StackLayout(store);

      ContainerSpec redis = spec(layout, "redis");
      assertThat(redis.env()).containsEntry("REDIS_PASSWORD", "redis-two");
      assertThat(redis.labels()).containsEntry("dive.ops.secret.dive-v3-redis-usa", "2");
      assertThat(spec(layout, "postgres").labels())
          .containsEntry("dive.ops.secret.dive-v3-postgres-usa", "1")
          .containsEntry("dive.ops.secret.dive-v3-keycloak-db-usa", "1");
      assertThat(spec(layout, "keycloak").labels())
          .containsEntry("dive.ops.secret.dive-v3-keycloak-usa", "1")
          .containsEntry("dive.ops.secret.dive-v3-keycloak-db-usa", "1");

      // Version 2 disabled: a new container gets version 1 again, and says so.
      client.disableSecretVersion(SecretVersionName.of("dive-test", "dive-v3-redis-usa", "2"));
      assertThat(spec(layout, "redis").labels())
          .containsEntry("dive.ops.secret.dive-v3-redis-usa", "1");
      fake.values()
          .forEach(
              value -> assertThat(spec(layout, "redis").labels().values()).doesNotContain(value));
    }
  }

  @Test
  void noContainerIsSpecifiedWithAMissingOrEmptySecret(@TempDir Path dir) throws Exception {
    StackLayout layout = new StackLayout(new FileSecretStore(dir));
    assertThatThrownBy(() -> spec(layout, "redis")).hasMessageContaining("'dive-v3-redis-usa'");
    java.nio.file.Files.writeString(dir.resolve("dive-v3-redis-usa"), "\n");
    assertThatThrownBy(() -> spec(layout, "redis"))
        .hasMessageContaining("secret 'dive-v3-redis-usa' version 1 is empty");
    java.nio.file.Files.delete(dir.resolve("dive-v3-redis-usa"));
    new FileSecretStore(dir).ensure("dive-v3-redis-usa");
    assertThat(spec(layout, "redis").labels())
        .containsEntry("dive.ops.secret.dive-v3-redis-usa", "1");
  }
}
