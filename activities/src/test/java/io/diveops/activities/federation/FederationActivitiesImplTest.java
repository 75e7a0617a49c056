package io.diveops.activities.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.RealRegistry;
import io.diveops.api.FailureType;
import io.diveops.api.federation.FederationPair;
import io.diveops.api.federation.PairResult;
import io.diveops.api.federation.VerifyFederationInput;
import io.diveops.api.verify.Verdict;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which ordered pairs a verify-federation run logs in with, read from the real DIVE registry (four
 * instances, each federated with the other three) and the sandbox's own (three).
 */
class FederationActivitiesImplTest {
  static final Path SANDBOX =
      Path.of(System.getProperty("dive.root", "..")).resolve("config/federation-registry.json");

  @TempDir Path dir;
  final BrokeredLogin login = mock(BrokeredLogin.class);

  @Test
  void everyEnabledInstanceIsPairedWithEveryPartnerOfItsRowInMatrixOrder() {
    assertThat(pairs(activities(RealRegistry.FILE), VerifyFederationInput.all()))
        .containsExactly(
            "deu<-fra",
            "deu<-gbr",
            "deu<-usa",
            "fra<-deu",
            "fra<-gbr",
            "fra<-usa",
            "gbr<-deu",
            "gbr<-fra",
            "gbr<-usa",
            "usa<-deu",
            "usa<-fra",
            "usa<-gbr");
    assertThat(pairs(activities(SANDBOX), VerifyFederationInput.all()))
        .containsExactly("fra<-gbr", "fra<-usa", "gbr<-fra", "gbr<-usa", "usa<-fra", "usa<-gbr");
  }

  @Test
  void onlyPairsWhoseTwoInstancesWereAskedForAreVerified() {
    FederationActivitiesImpl activities = activities(RealRegistry.FILE);
    assertThat(pairs(activities, new VerifyFederationInput(List.of("usa", "fra", "usa"), null)))
        .containsExactly("fra<-usa", "usa<-fra");
    assertThat(pairs(activities, new VerifyFederationInput(List.of("usa"), null)))
        .as("one instance alone is no federation")
        .isEmpty();
  }

  @Test
  void aDisabledInstanceIsLeftOutOfTheWholeMatrixAndRefusedByName() {
    FederationActivitiesImpl activities = activities(RealRegistry.disabled("gbr"));
    assertThat(pairs(activities, VerifyFederationInput.all()))
        .containsExactly("deu<-fra", "deu<-usa", "fra<-deu", "fra<-usa", "usa<-deu", "usa<-fra");
    ApplicationFailure failure =
        failure(() -> activities.pairs(new VerifyFederationInput(List.of("usa", "gbr"), null)));
    assertThat(failure.getType()).isEqualTo(FailureType.DISABLED_INSTANCE.type());
    assertThat(failure.getOriginalMessage()).contains("instance 'gbr' is disabled");
  }

  @Test
  void anUnknownInstanceFailsNamingItAndTheKnownOnes() {
    ApplicationFailure failure =
        failure(
            () ->
                activities(RealRegistry.FILE)
                    .pairs(new VerifyFederationInput(List.of("usa", "ita"), null)));
    assertThat(failure.getType()).isEqualTo(FailureType.UNKNOWN_INSTANCE.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .startsWith("instance 'ita' is not in the registry")
        .endsWith("(known: usa, fra, gbr, deu)");
  }

  @Test
  void aOneSidedTrustGivesOneDirectionOnly() {
    FederationActivitiesImpl activities = activities(usaWithoutDeu());
    assertThat(pairs(activities, new VerifyFederationInput(List.of("usa", "deu"), null)))
        .containsExactly("deu<-usa");
  }

  @Test
  void onePairIsVerifiedAloneWhateverTheInstancesSay() {
    assertThat(
            activities(RealRegistry.FILE)
                .pairs(new VerifyFederationInput(List.of("gbr"), new FederationPair("usa", "fra"))))
        .containsExactly(new FederationPair("usa", "fra"));
  }

  @Test
  void onePairMustBeFederatedFromItsHomesRow() {
    FederationActivitiesImpl activities = activities(usaWithoutDeu());
    assertThat(activities.pairs(pair("deu", "usa")))
        .containsExactly(new FederationPair("deu", "usa"));

    ApplicationFailure oneSided = failure(() -> activities.pairs(pair("usa", "deu")));
    assertThat(oneSided.getType()).isEqualTo(FailureType.NOT_FEDERATED.type());
    assertThat(oneSided.isNonRetryable()).isTrue();
    assertThat(oneSided.getOriginalMessage())
        .startsWith("instance 'usa' does not federate with 'deu': federation.matrix.usa in ")
        .endsWith(" lists fra, gbr");

    assertThat(failure(() -> activities.pairs(pair("usa", "usa"))).getType())
        .isEqualTo(FailureType.NOT_FEDERATED.type());
    assertThat(failure(() -> activities.pairs(pair("usa", "ita"))).getOriginalMessage())
        .startsWith("instance 'ita' is not in the registry");
  }

  @Test
  void onePairWithADisabledEndIsRefusedByName() {
    FederationActivitiesImpl activities = activities(RealRegistry.disabled("gbr"));
    ApplicationFailure failure = failure(() -> activities.pairs(pair("gbr", "usa")));
    assertThat(failure.getType()).isEqualTo(FailureType.DISABLED_INSTANCE.type());
  }

  @Test
  void anInvalidRegistryVerifiesNothing() {
    FederationActivitiesImpl activities = activities(r -> r.put("version", "three"));
    assertThat(failure(() -> activities.pairs(VerifyFederationInput.all())).getType())
        .isEqualTo(FailureType.UNUSABLE_REGISTRY.type());
  }

  @Test
  void aPairIsVerifiedByTheLoginAgainstTheValidatedRegistry() {
    EnabledInstances instances = new EnabledInstances(RealRegistry.FILE, Optional.empty());
    FederationRegistry registry = instances.registry();
    FederationPair usaFra = new FederationPair("usa", "fra");
    PairResult passed =
        new PairResult("usa", "fra", Verdict.PASS, null, "resource API 200", List.of(), 40);
    when(login.run(registry, usaFra)).thenReturn(passed);

    assertThat(new FederationActivitiesImpl(instances, login).verifyPair(usaFra)).isEqualTo(passed);
  }

  private FederationActivitiesImpl activities(Path registry) {
    return new FederationActivitiesImpl(new EnabledInstances(registry, Optional.empty()), login);
  }

  /** On a copy of the real registry changed by {@code mutation}. */
  private FederationActivitiesImpl activities(Consumer<ObjectNode> mutation) {
    return new FederationActivitiesImpl(
        new EnabledInstances(RealRegistry.mutated(dir, mutation), Optional.of(RealRegistry.SCHEMA)),
        login);
  }

  /** USA no longer trusts DEU; DEU still trusts USA. */
  private static Consumer<ObjectNode> usaWithoutDeu() {
    return registry ->
        RealRegistry.withoutPartner((ArrayNode) registry.at("/federation/matrix/usa"), "deu");
  }

  private static VerifyFederationInput pair(String home, String partner) {
    return new VerifyFederationInput(List.of(), new FederationPair(home, partner));
  }

  private static List<String> pairs(FederationActivitiesImpl activities, VerifyFederationInput in) {
    return activities.pairs(in).stream().map(FederationPair::toString).toList();
  }

  private static ApplicationFailure failure(Runnable call) {
    ApplicationFailure failure = catchThrowableOfType(call::run, ApplicationFailure.class);
    assertThat(failure).as("an ApplicationFailure").isNotNull();
    return failure;
  }
}
