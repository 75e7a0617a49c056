package io.diveops.activities.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.activities.docker.ContainerSpec;
import io.diveops.activities.docker.ContainerState;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerException;
import io.diveops.activities.registry.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A sandbox created by an older layout converges on `sandbox up`: a healthy container of the same
 * release whose environment the layout now sets differently is recreated (its volume kept); one
 * that matches, or that a deploy moved to another release, is left alone.
 */
class StaleContainerTest {
  final DockerEngine docker = mock(DockerEngine.class);
  final List<String> progress = new ArrayList<>();
  final InstanceStack stack =
      new InstanceStack(docker, new KeycloakDatabaseSecretTest.NamedSecrets(), progress::add);
  final Instance usa = KeycloakDatabaseSecretTest.REGISTRY.instance("usa").orElseThrow();
  final ContainerSpec postgres =
      new StackLayout(new KeycloakDatabaseSecretTest.NamedSecrets())
          .spec("usa", usa, "postgres", KeycloakDatabaseSecretTest.RELEASE);

  @Test
  void aPostgresCreatedBeforeKeycloaksRoleHadItsOwnSecretIsRecreated() {
    Map<String, String> before = new HashMap<>(postgres.env());
    before.remove("POSTGRES_USER_PASSWORD");
    live("1.0.0", before);

    stack.bringUp(KeycloakDatabaseSecretTest.REGISTRY, "usa", "postgres", postgres);

    var order = inOrder(docker);
    order.verify(docker).stop(eq(postgres.name()), eq(InstanceStack.STOP_GRACE));
    order.verify(docker).remove(postgres.name());
    order.verify(docker).create(postgres);
    order.verify(docker).start(postgres.name());
    assertThat(progress)
        .anyMatch(l -> l.contains("recreating") && l.contains("POSTGRES_USER_PASSWORD"))
        .noneMatch(l -> l.contains("value-of-"));
  }

  @Test
  void aContainerThatMatchesTheLayoutIsLeftAlone() {
    assertLeftAlone("1.0.0", postgres.env());
  }

  @Test
  void aContainerOfAnotherReleaseIsADeploysBusiness() {
    assertLeftAlone("1.1.0", Map.of());
  }

  private void assertLeftAlone(String release, Map<String, String> env) {
    live(release, env);
    stack.bringUp(KeycloakDatabaseSecretTest.REGISTRY, "usa", "postgres", postgres);
    verify(docker, never()).remove(any());
    verify(docker, never()).create(any());
  }

  private void live(String release, Map<String, String> env) {
    Map<String, String> labels = new HashMap<>(postgres.labels());
    labels.put(StackLayout.LABEL_RELEASE, release);
    ContainerState healthy =
        new ContainerState(
            "id", postgres.name(), postgres.image(), "running", true, "healthy", null, labels);
    when(docker.inspect(postgres.name())).thenReturn(Optional.of(healthy));
    when(docker.env(postgres.name())).thenReturn(env);
    when(docker.waitHealthy(eq(postgres.name()), any(), any())).thenReturn(healthy);
  }

  @Test
  void aContainerAnotherAttemptCreatedMeanwhileIsTakenAsItIs() {
    ContainerState created =
        new ContainerState(
            "id",
            postgres.name(),
            postgres.image(),
            "created",
            false,
            null,
            null,
            postgres.labels());
    when(docker.inspect(postgres.name())).thenReturn(Optional.empty(), Optional.of(created));
    when(docker.create(postgres))
        .thenThrow(
            new DockerException(
                "create container " + postgres.name() + " failed: name in use",
                false,
                new com.github.dockerjava.api.exception.ConflictException("in use")));
    when(docker.waitHealthy(eq(postgres.name()), any(), any())).thenReturn(created);

    stack.bringUp(KeycloakDatabaseSecretTest.REGISTRY, "usa", "postgres", postgres);

    verify(docker).start(postgres.name());
    assertThat(progress).anyMatch(l -> l.contains("created by another attempt"));
  }
}
