package io.diveops.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.diveops.activities.secrets.SecretStore.StoredVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Secret Manager store through the real client over real gRPC, against the fake. */
class SecretManagerSecretStoreTest {
  static final String PROJECT = "dive-test";
  FakeSecretManager fake;
  SecretManagerServiceClient client;
  SecretManagerSecretStore store;

  @BeforeEach
  void start() {
    fake = FakeSecretManager.start();
    client = fake.client();
    store = SecretManagerSecretStore.connect(PROJECT, fake.endpoint(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws InterruptedException {
    store.close();
    client.close();
    fake.close();
  }

  void add(String name, String value) {
    client.addSecretVersion(
        SecretName.of(PROJECT, name),
        SecretPayload.newBuilder().setData(ByteString.copyFromUtf8(value)).build());
  }

  @Test
  void destroyRemovesTheSecretAndEveryVersionAndIsIdempotent() {
    store.ensure("dive-v3-redis-deu");
    store.destroy("dive-v3-redis-deu");
    assertThat(store.versions("dive-v3-redis-deu")).isEmpty();
    assertThat(store.names()).doesNotContain("dive-v3-redis-deu");
    store.destroy("dive-v3-redis-deu");
  }

  @Test
  void disableDisablesEveryEnabledVersionKeepsTheSecretAndIsIdempotent() {
    store.ensure("dive-v3-redis-deu");
    assertThat(store.disable("dive-v3-redis-deu")).isTrue();
    assertThat(store.disable("dive-v3-redis-deu")).isTrue();
    assertThat(store.versions("dive-v3-redis-deu"))
        .containsExactly(new StoredVersion("dive-v3-redis-deu", "1", "DISABLED"));
    assertThat(store.names()).contains("dive-v3-redis-deu");
    assertThatThrownBy(() -> store.resolve("dive-v3-redis-deu"))
        .hasMessageContaining("dive-v3-redis-deu");
    assertThat(store.disable("dive-v3-redis-xyz")).isFalse();
  }

  @Test
  void ensureCreatesOnceAndReturnsTheSameValueAfterwards() {
    String value = store.ensure("dive-v3-redis-fra");
    assertThat(value).hasSizeGreaterThanOrEqualTo(16);
    assertThat(store.ensure("dive-v3-redis-fra")).isEqualTo(value);
    assertThat(store.resolve("dive-v3-redis-fra")).isEqualTo(value);
    assertThat(store.versions("dive-v3-redis-fra"))
        .containsExactly(new StoredVersion("dive-v3-redis-fra", "1", "ENABLED"));
    assertThat(store.names()).containsExactly("dive-v3-redis-fra");
    assertThat(client.getSecret(SecretName.of(PROJECT, "dive-v3-redis-fra")).getLabelsMap())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("project", "dive-v3"));
  }

  @Test
  void federationPairsAreLabelledWithTheirSourceAndTarget() {
    store.ensure("dive-v3-federation-usa-fra");
    assertThat(
            client.getSecret(SecretName.of(PROJECT, "dive-v3-federation-usa-fra")).getLabelsMap())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "project", "dive-v3", "type", "federation", "source", "usa", "target", "fra"));
  }

  @Test
  void resolvesTheNewestEnabledVersionOrThePinnedOne() {
    store.ensure("dive-v3-postgres-usa");
    add("dive-v3-postgres-usa", "second");
    add("dive-v3-postgres-usa", "third");
    assertThat(store.version("dive-v3-postgres-usa")).isEqualTo("3");
    assertThat(store.resolve("dive-v3-postgres-usa")).isEqualTo("third");

    // A disabled newest version: Secret Manager's "latest" would fail; the store reads version 2.
    client.disableSecretVersion(SecretVersionName.of(PROJECT, "dive-v3-postgres-usa", "3"));
    assertThat(store.version("dive-v3-postgres-usa")).isEqualTo("2");
    assertThat(store.resolve("dive-v3-postgres-usa")).isEqualTo("second");
    assertThat(store.versions("dive-v3-postgres-usa"))
        .extracting(StoredVersion::state)
        .containsExactly("ENABLED", "ENABLED", "DISABLED");

    // Pinned by the secret's alias: that version, whatever is newer.
    Secret secret = client.getSecret(SecretName.of(PROJECT, "dive-v3-postgres-usa"));
    client.updateSecret(
        secret.toBuilder().putVersionAliases(SecretManagerSecretStore.PIN_ALIAS, 1L).build(),
        FieldMask.newBuilder().addPaths("version_aliases").build());
    assertThat(store.version("dive-v3-postgres-usa")).isEqualTo("1");
    assertThat(store.resolve("dive-v3-postgres-usa", "2")).isEqualTo("second");
  }

  @Test
  void aDisabledVersionIsAClearErrorNamingTheSecret() {
    store.ensure("dive-v3-mongodb-gbr");
    client.disableSecretVersion(SecretVersionName.of(PROJECT, "dive-v3-mongodb-gbr", "1"));
    assertThatThrownBy(() -> store.resolve("dive-v3-mongodb-gbr", "1"))
        .hasMessageContaining("secret 'dive-v3-mongodb-gbr' version 1")
        .hasMessageContaining("disabled or destroyed");
    assertThatThrownBy(() -> store.resolve("dive-v3-mongodb-gbr"))
        .hasMessageContaining("secret 'dive-v3-mongodb-gbr' has no enabled version");
  }

  @Test
  void anUnknownSecretIsAClearErrorNamingIt() {
    assertThatThrownBy(() -> store.resolve("dive-v3-redis-xyz"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "secret 'dive-v3-redis-xyz' does not exist in Secret Manager projects/dive-test");
    assertThat(store.versions("dive-v3-redis-xyz")).isEmpty();
  }

  @Test
  void anUnreachableServiceIsAClearErrorWithinItsTimeout() throws Exception {
    int closed;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (var unreachable =
        SecretManagerSecretStore.connect(PROJECT, "127.0.0.1:" + closed, Duration.ofSeconds(2))) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> unreachable.resolve("dive-v3-keycloak-fra"))
          .hasMessageContaining("cannot be reached")
          .hasMessageContaining("secret 'dive-v3-keycloak-fra'");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void storesAreChosenByConfiguration(@TempDir Path dir) throws Exception {
    assertThat(SecretStores.open("file", dir, "")).isInstanceOf(FileSecretStore.class);
    assertThat(SecretStores.open("", dir, "")).isInstanceOf(FileSecretStore.class);
    try (var gcp =
        (SecretManagerSecretStore)
            SecretStores.open("gcp:projects/dive-test", dir, fake.endpoint())) {
      gcp.ensure("dive-v3-redis-usa");
      assertThat(store.names()).containsExactly("dive-v3-redis-usa");
    }
    assertThatThrownBy(() -> SecretStores.open("vault:x", dir, ""))
        .hasMessageContaining("expected 'file' or 'gcp:projects/<project>'");
  }

  /** Values must never reach an exception message or a log line, whatever fails. */
  @Test
  void noMessageOrLogLineHoldsASecretValue() {
    List<String> seen = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            seen.add(String.valueOf(record.getMessage()) + " " + record.getParameters());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    Level level = root.getLevel();
    root.addHandler(capture);
    root.setLevel(Level.ALL);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true));
    System.setErr(new PrintStream(printed, true));
    try {
      store.ensure("dive-v3-redis-deu");
      store.ensure("dive-v3-federation-deu-usa");
      add("dive-v3-redis-deu", "second-value-of-redis");
      client.disableSecretVersion(SecretVersionName.of(PROJECT, "dive-v3-redis-deu", "2"));
      client.destroySecretVersion(SecretVersionName.of(PROJECT, "dive-v3-federation-deu-usa", "1"));
      List<Runnable> failing =
          List.of(
              () -> store.resolve("dive-v3-redis-deu", "2"),
              () -> store.resolve("dive-v3-redis-deu", "9"),
              () -> store.resolve("dive-v3-federation-deu-usa"),
              () -> store.resolve("dive-v3-federation-deu-usa", "1"),
              () -> store.resolve("dive-v3-nope"));
      for (Runnable call : failing) {
        try {
          call.run();
        } catch (RuntimeException e) {
          for (Throwable t = e; t != null; t = t.getCause()) {
            seen.add(String.valueOf(t.getMessage()));
            seen.add(t.toString());
          }
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
      root.removeHandler(capture);
      root.setLevel(level);
    }
    seen.add(printed.toString());
    assertThat(seen).hasSizeGreaterThanOrEqualTo(5);
    assertThat(fake.values()).hasSize(2).contains("second-value-of-redis");
    for (String value : fake.values()) {
      assertThat(seen).noneMatch(line -> line.contains(value));
    }
  }
}
