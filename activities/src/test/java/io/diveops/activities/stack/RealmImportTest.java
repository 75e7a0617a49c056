package io.diveops.activities.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.secrets.SecretStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The realm import file carries the broker's client secrets: Keycloak's container gets it
 * owner-only.
 */
class RealmImportTest {
  static final Path REGISTRY =
      Path.of(System.getProperty("dive.root", "..")).resolve("config/federation-registry.json");

  @Test
  @SuppressWarnings("unchecked")
  void theRealmFileIsCopiedInOwnerOnly() {
    FederationRegistry registry = new RegistryReader().read(REGISTRY).model().orElseThrow();
    DockerEngine docker = mock(DockerEngine.class);
    SecretStore secrets = new NamedSecrets();
    new InstanceStack(docker, secrets, line -> {})
        .importRealm(registry, "usa", "dive-v3-keycloak-usa");

    ArgumentCaptor<Map<String, byte[]>> files = ArgumentCaptor.forClass(Map.class);
    verify(docker)
        .copyIn(
            eq("dive-v3-keycloak-usa"),
            eq(InstanceStack.REALM_IMPORT_DIR),
            files.capture(),
            eq(0600));
    assertThat(files.getValue()).containsOnlyKeys(registry.defaults().realm() + ".json");
    assertThat(new String(files.getValue().values().iterator().next())).contains("value-of-");
    assertThat(DockerEngine.OWNER_ONLY).isEqualTo(0600);
  }
}
