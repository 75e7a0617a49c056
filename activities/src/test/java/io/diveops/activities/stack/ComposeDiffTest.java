package io.diveops.activities.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.RealRegistry;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.release.Release;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-written compose files against the registry: every difference, one line each. */
class ComposeDiffTest {
  static final FederationRegistry SANDBOX = ComposeFileTest.SANDBOX;
  static final FederationRegistry DIVE =
      new RegistryReader().read(RealRegistry.FILE).model().orElseThrow();
  static final Release RELEASE = ComposeFileTest.RELEASE;

  @TempDir Path dir;

  static Path fixture(String name) {
    try {
      return Path.of(ComposeDiffTest.class.getResource("/compose/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ComposeDiff.Report diff(
      FederationRegistry registry, Release release, Map<String, String> env, String name) {
    return new ComposeDiff(registry, Optional.ofNullable(release), env)
        .diff(fixture(name), Optional.empty());
  }

  static List<String> lines(ComposeDiff.Report report) {
    String prefix = report.file() + " ";
    return report.differences().stream()
        .map(ComposeDiff.Difference::line)
        .map(line -> line.substring(prefix.length()))
        .toList();
  }

  @Test
  void aDiveStyleFileAgainstDivesRegistryShowsOnlyWhatTheRegistryDoesNotSay() {
    ComposeDiff.Report report = diff(DIVE, null, Map.of(), "docker-compose.fra.yml");
    assertThat(report.instance()).isEqualTo("fra");
    assertThat(report.undecided()).isEmpty();
    assertThat(lines(report))
        .containsExactly(
            "services.keycloak-fra.ports[1]: publishes 8082:8080, which the registry does not name",
            "services.kas-fra.ports[0]: published 8083, registry says 8091",
            "services.cloudflared-fra: instance fra of the registry has no such service"
                + " (container dive-v3-tunnel-fra)");
  }

  @Test
  void theSameFileAgainstTheSandboxRegistryDiffersInEveryPublishedPort() {
    ComposeDiff.Report report = diff(SANDBOX, null, Map.of(), "docker-compose.fra.yml");
    assertThat(report.instance()).isEqualTo("fra");
    assertThat(lines(report))
        .contains(
            "services.backend-fra.ports[0]: published 4001, registry says 14001",
            "services.postgres-fra.ports[0]: published 5434, registry says 15433",
            "services.opa-fra.ports[0]: published 8182, registry says 18182",
            "services.keycloak-fra.ports[0]: publishes 8444:8443, which the registry does not name",
            "services.keycloak-fra.ports[1]: published 8082, registry says 18081",
            "services.keycloak-fra.ports: does not publish 19001 → 9000, which the registry says")
        .hasSize(11);
    assertThat(report.file()).endsWith("docker-compose.fra.yml");
    assertThat(report.differences().get(0).line()).startsWith(report.file() + " services.");
  }

  @Test
  void withAReleaseImagesAreComparedAndABuildIsNoImage() {
    List<String> lines = lines(diff(SANDBOX, RELEASE, Map.of(), "docker-compose.fra.yml"));
    assertThat(lines)
        .contains(
            "services.postgres-fra.image: postgres:15-alpine, release 1.0.0 says"
                + " dive-ops/postgres:15",
            "services.backend-fra.image: none (built from source), release 1.0.0 says"
                + " dive-ops/app:1.0.0");
    assertThat(lines.stream().filter(line -> line.contains(".image:"))).hasSize(8);
  }

  @Test
  void aFileNoContainerNameMatchesIsKnownByTheRegistrysComposeFileField() {
    ComposeDiff.Report report = diff(SANDBOX, RELEASE, Map.of(), "docker-compose.usa.yml");
    assertThat(report.instance()).isEqualTo("usa");
    assertThat(lines(report))
        .contains(
            "services.backend.container_name: usa-backend, registry says dive-v3-backend-usa",
            "services.keycloak.container_name: none (Compose names the container itself),"
                + " registry says dive-v3-keycloak-usa",
            "services: no service for the registry's postgres (container dive-v3-postgres-usa,"
                + " published port 15432)")
        .noneMatch(line -> line.contains("ports"))
        .noneMatch(line -> line.contains("image"))
        .hasSize(2 + 6);
  }

  @Test
  void variablesAreFilledInAsComposeWouldAndAMissingOneLeavesTheFileUndecided() {
    ComposeDiff.Report unset = diff(SANDBOX, RELEASE, Map.of(), "variables.yml");
    assertThat(unset.instance()).isEqualTo("fra");
    assertThat(unset.undecided())
        .singleElement()
        .asString()
        .endsWith(
            "services.backend-fra.image: variable BACKEND_IMAGE is not set, so what the file"
                + " says is unknown");
    assertThat(lines(unset)).noneMatch(line -> line.startsWith("services.backend-fra"));

    ComposeDiff.Report set =
        diff(
            SANDBOX,
            RELEASE,
            Map.of("BACKEND_IMAGE", "dive-ops/app:1.1.0", "BACKEND_PORT", "4001"),
            "variables.yml");
    assertThat(set.undecided()).isEmpty();
    assertThat(lines(set))
        .contains(
            "services.backend-fra.image: dive-ops/app:1.1.0, release 1.0.0 says dive-ops/app:1.0.0",
            "services.backend-fra.ports[0]: published 4001, registry says 14001");
  }

  @Test
  void aFileOfNoInstanceOrNoYamlCannotBeDecided() throws IOException {
    ComposeDiff.Report unknown = diff(SANDBOX, null, Map.of(), "unknown.yml");
    assertThat(unknown.instance()).isNull();
    assertThat(unknown.undecided()).singleElement().asString().contains("--instance");

    ComposeDiff.Report broken = diff(SANDBOX, null, Map.of(), "broken.yml");
    assertThat(broken.undecided()).singleElement().asString().contains("not YAML");

    Path notCompose = Files.writeString(dir.resolve("list.yml"), "- a\n- b\n");
    assertThat(
            new ComposeDiff(SANDBOX, Optional.empty(), Map.of())
                .diff(notCompose, Optional.empty())
                .undecided())
        .singleElement()
        .asString()
        .contains("no 'services' map");

    ComposeDiff.Report missing =
        new ComposeDiff(SANDBOX, Optional.empty(), Map.of())
            .diff(dir.resolve("gone.yml"), Optional.empty());
    assertThat(missing.undecided()).singleElement().asString().contains("cannot read");
  }

  @Test
  void anInstanceNamedByTheCallerIsTheOneCompared() {
    ComposeDiff diff = new ComposeDiff(SANDBOX, Optional.empty(), Map.of());
    assertThat(diff.diff(fixture("unknown.yml"), Optional.of("gbr")).instance()).isEqualTo("gbr");
    assertThat(diff.diff(fixture("unknown.yml"), Optional.of("xyz")).undecided())
        .singleElement()
        .asString()
        .contains("'xyz' is not in the registry");
  }

  @Test
  void aGeneratedFileHasNoDifferenceFromTheRegistryItCameFrom() throws IOException {
    for (FederationRegistry registry : List.of(SANDBOX, DIVE)) {
      for (String key : registry.instances().keySet()) {
        Path file = dir.resolve("docker-compose." + key + ".yml");
        Files.writeString(
            file, ComposeFileTest.generate(registry, key, RELEASE, Optional.of("1")).yaml());
        ComposeDiff.Report report =
            new ComposeDiff(registry, Optional.of(RELEASE), Map.of()).diff(file, Optional.empty());
        assertThat(report.instance()).isEqualTo(key);
        assertThat(report.differences()).as(key).isEmpty();
        assertThat(report.undecided()).as(key).isEmpty();
      }
    }
  }

  @Test
  void portsAreReadInEitherSyntax() {
    assertThat(ComposePort.parse("127.0.0.1:14001:4000/tcp"))
        .isEqualTo(new ComposePort("127.0.0.1", 14001, 4000, "tcp"));
    assertThat(ComposePort.parse("4001:4000")).isEqualTo(new ComposePort(null, 4001, 4000, "tcp"));
    assertThat(ComposePort.parse("127.0.0.1::4000"))
        .isEqualTo(new ComposePort("127.0.0.1", null, 4000, "tcp"));
    assertThat(ComposePort.parse("[::1]:53:53/udp"))
        .isEqualTo(new ComposePort("::1", 53, 53, "udp"));
    assertThat(ComposePort.parse(8080)).isEqualTo(new ComposePort(null, null, 8080, "tcp"));
    assertThat(
            ComposePort.parse(Map.of("target", 8181, "published", "8182", "host_ip", "127.0.0.1")))
        .isEqualTo(new ComposePort("127.0.0.1", 8182, 8181, "tcp"));
    assertThat(ComposePort.parse("9000:9000/udp").text()).isEqualTo("9000:9000/udp");
    assertThat(ComposePort.parse("127.0.0.1::4000").text()).isEqualTo("127.0.0.1::4000");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ComposePort.parse("3000-3005:3000"))
        .hasMessageContaining("3000-3005:3000");
  }
}
