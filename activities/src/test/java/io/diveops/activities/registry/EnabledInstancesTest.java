package io.diveops.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing runbooks, HealthWatch and the schedules read the registry through here: same schema as validation. */
class EnabledInstancesTest {
  @TempDir Path dir;

  @Test
  void theSchemaOverrideIsHonouredWhenTheNamedSchemaIsNotThere() {
    Path registry = RealRegistry.mutated(dir, r -> r.put("$schema", "../../nowhere/federation-registry.schema.json"));
    assertThat(new EnabledInstances(registry, Optional.of(RealRegistry.SCHEMA)).keys()).contains("usa", "fra", "gbr");
    assertThatThrownBy(() -> new EnabledInstances(registry, Optional.empty()).keys())
        .hasMessageContaining("nowhere/federation-registry.schema.json").hasMessageContaining("does not exist");
  }

  @Test
  void anInvalidRegistryUnderTheOverrideStillStopsEverything() {
    Path registry = RealRegistry.mutated(dir, r -> r.put("version", "three"));
    assertThatThrownBy(() -> new EnabledInstances(registry, Optional.of(RealRegistry.SCHEMA)).registry())
        .hasMessageContaining("is invalid").hasMessageContaining("$.version");
  }
}
