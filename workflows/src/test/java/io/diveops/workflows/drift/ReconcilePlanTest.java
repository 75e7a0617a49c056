package io.diveops.workflows.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.api.alert.Severity;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilePlanTest {
  static DriftItem item(String resource, String path, DriftCategory category) {
    return DriftItem.of("fra", resource, path, category, "a", "b", null, Severity.WARNING);
  }

  @Test
  void containersGoThroughDeployForImageEnvironmentAbsenceAndLeftoversOnly() {
    ReconcilePlan plan =
        ReconcilePlan.of(
            List.of(
                item("container dive-v3-kas-fra", "env.DIVE_FAULT", DriftCategory.CHANGED),
                item("container dive-v3-redis-fra-prev-abc", "", DriftCategory.EXTRA),
                item("container dive-v3-kas-fra", "ports", DriftCategory.CHANGED),
                item("container someones-debug-shell", "", DriftCategory.EXTRA)));
    assertThat(plan.deploy()).isTrue();
    assertThat(plan.realm()).isFalse();
    assertThat(plan.opa()).isFalse();
    assertThat(plan.left())
        .hasSize(2)
        .anyMatch(l -> l.contains("|ports|") && l.contains("image or environment only"))
        .anyMatch(l -> l.contains("someones-debug-shell") && l.contains("no deploy made"));
  }

  @Test
  void realmItemsReapplyAndOnlyAWholeExtraProviderIsRemoved() {
    ReconcilePlan plan =
        ReconcilePlan.of(
            List.of(
                item("idp rogue-oidc", "", DriftCategory.EXTRA),
                item("idp fra-federation", "mappers.extra", DriftCategory.EXTRA),
                item("idp usa-federation", "config.validateSignature", DriftCategory.CHANGED)));
    assertThat(plan.realm()).isTrue();
    assertThat(plan.extraProviders()).containsExactly("rogue-oidc");
    assertThat(plan.deploy()).isFalse();
    assertThat(plan.left()).isEmpty();
  }

  @Test
  void unknownItemsAreLeftAndNothingElseIsDone() {
    ReconcilePlan plan =
        ReconcilePlan.of(List.of(DriftItem.unknown("fra", "realm dive-v3-broker", "refused")));
    assertThat(plan.nothingToDo()).isTrue();
    assertThat(plan.left()).singleElement().asString().contains("could not be read");
  }

  @Test
  void opaItemsPutTheShippedPolicyBack() {
    assertThat(
            ReconcilePlan.of(List.of(item("opa module rogue", "sha256", DriftCategory.EXTRA)))
                .opa())
        .isTrue();
  }
}
