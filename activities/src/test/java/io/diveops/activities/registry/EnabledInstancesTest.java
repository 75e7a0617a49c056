package io.diveops.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.diveops.api.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every activity resolves instances through here: one rule, one failure type per case, each not
 * retried. Changing runbooks, HealthWatch and the schedules judge by the same schema as validation.
 */
class EnabledInstancesTest {
  @TempDir Path dir;

  @Test
  void anEnabledInstanceOfAValidRegistryIsResolved() {
    EnabledInstances instances = new EnabledInstances(RealRegistry.FILE, Optional.empty());
    assertThat(instances.get("fra").code()).isEqualTo("FRA");
    assertThat(instances.keys()).containsExactly("deu", "fra", "gbr", "usa");
  }

  @Test
  void aKeyNotInTheRegistryIsUnknownAndTheFailureNamesTheKnownOnes() {
    ApplicationFailure failure =
        failure(() -> new EnabledInstances(RealRegistry.FILE, Optional.empty()).get("ita"));
    assertThat(failure.getType()).isEqualTo(FailureType.UNKNOWN_INSTANCE.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .startsWith("instance 'ita' is not in the registry")
        .contains(RealRegistry.FILE.toString())
        .endsWith("(known: usa, fra, gbr, deu)");
  }

  @Test
  void aDisabledInstanceIsRefusedWithItsOwnType() {
    Path registry = RealRegistry.mutated(dir, RealRegistry.disabled("gbr"));
    EnabledInstances instances = new EnabledInstances(registry, Optional.of(RealRegistry.SCHEMA));
    ApplicationFailure failure = failure(() -> instances.get("gbr"));
    assertThat(failure.getType()).isEqualTo(FailureType.DISABLED_INSTANCE.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("instance 'gbr' is disabled")
        .contains(registry.toString());
    assertThat(instances.keys())
        .as("only enabled instances are listed")
        .containsExactly("deu", "fra", "usa");
    assertThat(instances.get("fra").enabled()).isTrue();
  }

  @Test
  void anUnchangedRegistryIsValidatedOnceAndAnEditIsSeenAtTheNextLookup() throws IOException {
    Path registry = Files.copy(RealRegistry.FILE, dir.resolve("registry.json"));
    EnabledInstances instances = new EnabledInstances(registry, Optional.of(RealRegistry.SCHEMA));
    FederationRegistry first = instances.registry();
    assertThat(instances.registry()).as("the same content is not judged again").isSameAs(first);
    Files.copy(
        RealRegistry.mutated(dir, r -> r.put("version", "three")),
        registry,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(failure(() -> instances.get("fra")).getType())
        .as("an edited registry is judged again")
        .isEqualTo(FailureType.UNUSABLE_REGISTRY.type());
  }

  @Test
  void anInvalidRegistryIsUnusableAndTheFailureNamesTheFileAndTheFirstError() {
    Path registry = RealRegistry.mutated(dir, r -> r.put("version", "three"));
    ApplicationFailure failure =
        failure(() -> new EnabledInstances(registry, Optional.of(RealRegistry.SCHEMA)).get("fra"));
    assertThat(failure.getType()).isEqualTo(FailureType.UNUSABLE_REGISTRY.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains(registry.toString())
        .contains("is invalid")
        .contains("$.version");
  }

  @Test
  void aMissingOrMalformedRegistryIsUnusable() throws IOException {
    Path missing = dir.resolve("nowhere.json");
    assertThat(failure(() -> new EnabledInstances(missing, Optional.empty()).registry()))
        .satisfies(f -> assertThat(f.getType()).isEqualTo(FailureType.UNUSABLE_REGISTRY.type()))
        .satisfies(
            f ->
                assertThat(f.getOriginalMessage())
                    .contains("not found")
                    .contains(missing.toString()));
    Path garbled = Files.writeString(dir.resolve("garbled.json"), "{\"instances\": ");
    assertThat(failure(() -> new EnabledInstances(garbled, Optional.empty()).get("fra")))
        .satisfies(f -> assertThat(f.getType()).isEqualTo(FailureType.UNUSABLE_REGISTRY.type()))
        .satisfies(
            f ->
                assertThat(f.getOriginalMessage())
                    .contains(garbled.toString())
                    .contains("not valid JSON"));
  }

  @Test
  void theWorkersOwnStartUpSeesAnUnusableRegistryAsABadSetting() {
    Path registry = RealRegistry.mutated(dir, r -> r.put("version", "three"));
    assertThatThrownBy(
            () -> new EnabledInstances(registry, Optional.of(RealRegistry.SCHEMA)).keys())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the registry " + registry)
        .hasMessageContaining("$.version");
  }

  @Test
  void theSchemaOverrideIsHonouredWhenTheNamedSchemaIsNotThere() {
    Path registry =
        RealRegistry.mutated(
            dir, r -> r.put("$schema", "../../nowhere/federation-registry.schema.json"));
    assertThat(new EnabledInstances(registry, Optional.of(RealRegistry.SCHEMA)).keys())
        .contains("usa", "fra", "gbr");
    assertThatThrownBy(() -> new EnabledInstances(registry, Optional.empty()).keys())
        .hasMessageContaining("nowhere/federation-registry.schema.json")
        .hasMessageContaining("does not exist");
  }

  @Test
  void anInvalidRegistryUnderTheOverrideStillStopsEverything() {
    Path registry = RealRegistry.mutated(dir, r -> r.put("version", "three"));
    assertThatThrownBy(
            () -> new EnabledInstances(registry, Optional.of(RealRegistry.SCHEMA)).registry())
        .hasMessageContaining("is invalid")
        .hasMessageContaining("$.version");
  }

  private static ApplicationFailure failure(Runnable lookup) {
    ApplicationFailure failure = catchThrowableOfType(lookup::run, ApplicationFailure.class);
    assertThat(failure).as("an ApplicationFailure").isNotNull();
    return failure;
  }
}
