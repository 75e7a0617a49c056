package io.diveops.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import com.google.protobuf.ByteString;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.secrets.FakeSecretManager;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.secrets.SecretStores;
import io.diveops.worker.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secrets list} over the real DIVE registry, with the file store and the fake. */
class SecretsCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<String> values = new ArrayList<>();
  private Function<Instance, List<ContainerState>> containers = instance -> List.of();

  SecretsCommand command(Map<String, String> variables) {
    Map<String, String> env = new HashMap<>(variables);
    env.put("DIVE_OPS_REGISTRY", ValidateCommandTest.REGISTRY.toString());
    env.put("DIVE_OPS_SECRETS_DIR", dir.toString());
    return new SecretsCommand(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Settings.of(env).diveOps(),
        containers);
  }

  /** USA's stack secrets, but for its redis password. */
  void ensureAllButRedis(SecretStore store) {
    for (String field : SecretNames.STACK_FIELDS) {
      if (!field.equals("redis")) {
        values.add(store.ensure(SecretNames.convention("usa", field)));
      }
    }
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listsTheFileStoresSecretsAndWhatIsMissing() {
    ensureAllButRedis(new FileSecretStore(dir));
    assertThat(command(Map.of()).run("list", "usa")).isEqualTo(1);
    assertThat(out())
        .contains("dive-v3-postgres-usa")
        .containsPattern("usa +dive-v3-keycloak-db-usa +1 +ENABLED +\\*")
        .containsPattern("usa +dive-v3-redis-usa +- +MISSING");
    values.add(new FileSecretStore(dir).ensure("dive-v3-redis-usa"));
    out.reset();
    assertThat(command(Map.of()).run("list", "usa")).isEqualTo(0);
    values.forEach(value -> assertThat(out()).doesNotContain(value));
  }

  @Test
  void listsSecretManagersVersionsStatesAndTheOneAContainerGets() throws Exception {
    try (FakeSecretManager fake = FakeSecretManager.start();
        SecretManagerServiceClient client = fake.client()) {
      Map<String, String> gcp =
          Map.of(
              "DIVE_OPS_SECRET_STORE",
              "gcp:projects/dive-test",
              "DIVE_OPS_SECRET_MANAGER_ENDPOINT",
              fake.endpoint());
      SecretStore store = SecretStores.open("gcp:projects/dive-test", dir, fake.endpoint());
      try {
        ensureAllButRedis(store);
        store.ensure("dive-v3-redis-usa");
        store.ensure(SecretNames.federation("usa", "fra"));
        store.ensure(SecretNames.federation("gbr", "fra"));
      } finally {
        SecretStores.close(store);
      }
      client.addSecretVersion(
          SecretName.of("dive-test", "dive-v3-redis-usa"),
          SecretPayload.newBuilder().setData(ByteString.copyFromUtf8("rotated-redis")).build());
      client.disableSecretVersion(SecretVersionName.of("dive-test", "dive-v3-redis-usa", "2"));

      containers =
          instance ->
              List.of(
                  container("dive-v3-redis-usa", "2"),
                  container("dive-v3-redis-usa-old", "1"),
                  container("dive-v3-redis-usa-older", "1"));
      assertThat(command(gcp).run("list", "usa")).isEqualTo(0);
      assertThat(out())
          .containsPattern(
              "usa +dive-v3-redis-usa +1 +ENABLED +\\* +dive-v3-redis-usa-old,dive-v3-redis-usa-older")
          .containsPattern("usa +dive-v3-redis-usa +2 +DISABLED +dive-v3-redis-usa\n")
          .contains("dive-v3-federation-usa-fra")
          .doesNotContain("dive-v3-federation-gbr-fra");
      fake.values().forEach(value -> assertThat(out()).doesNotContain(value));
    }
  }

  static ContainerState container(String name, String redisVersion) {
    return new ContainerState(
        name,
        name,
        "redis",
        "running",
        true,
        "healthy",
        null,
        Map.of("dive.ops.secret.dive-v3-redis-usa", redisVersion, "dive.ops.instance", "usa"));
  }

  @Test
  void theContainersThatCannotBeReadAreSaidOnce() {
    new FileSecretStore(dir).ensure("dive-v3-redis-usa");
    containers =
        instance -> {
          throw new IllegalStateException("no Docker Engine");
        };
    assertThat(command(Map.of()).run("list", "usa")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce("the containers of usa cannot be read: no Docker Engine");
    assertThat(out()).containsPattern("usa +dive-v3-redis-usa +1 +ENABLED +\\*");
  }

  @Test
  void anUnknownInstanceOrCommandIsAnError() {
    assertThat(command(Map.of()).run("list", "xyz")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("xyz");
    assertThat(command(Map.of()).run("rotate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(SecretsCommand.USAGE);
  }
}
