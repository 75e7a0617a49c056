package io.diveops.workflows.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diveops.api.FailureType;
import io.diveops.api.federation.FederationActivities;
import io.diveops.api.federation.FederationPair;
import io.diveops.api.federation.FederationReport;
import io.diveops.api.federation.FederationStep;
import io.diveops.api.federation.PairResult;
import io.diveops.api.federation.StepTiming;
import io.diveops.api.federation.VerifyFederationInput;
import io.diveops.api.federation.VerifyFederationWorkflow;
import io.diveops.api.verify.Verdict;
import io.diveops.workflows.Runbooks;
import io.diveops.workflows.WorkflowTestEnvironment;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VerifyFederationWorkflowTest {
  /** Where a run's history is written for the replay test (copied to src/test/resources). */
  static final Path HISTORIES = Path.of("target", "histories");

  /** The sandbox's matrix: usa, fra and gbr each trust the other two. */
  static final List<FederationPair> SANDBOX =
      List.of(
          pair("usa", "fra"),
          pair("usa", "gbr"),
          pair("fra", "usa"),
          pair("fra", "gbr"),
          pair("gbr", "usa"),
          pair("gbr", "fra"));

  @RegisterExtension
  final WorkflowTestEnvironment temporal =
      WorkflowTestEnvironment.of(VerifyFederationWorkflowImpl.class);

  private final FederationActivities activities = temporal.mock(FederationActivities.class);

  @BeforeEach
  void everyPairLogsIn() {
    when(activities.pairs(any())).thenReturn(SANDBOX);
    when(activities.verifyPair(any())).thenAnswer(call -> passed(call.getArgument(0)));
  }

  @Test
  void everyPairPassingIsPassInMatrixOrderAndTheRunIsTaggedWithTheInstancesCovered() {
    FederationReport report = run("federation-1", VerifyFederationInput.all());

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(report.instances()).containsExactly("fra", "gbr", "usa");
    assertThat(report.pairs())
        .extracting(PairResult::home, PairResult::partner)
        .containsExactly(
            tuple("fra", "gbr"),
            tuple("fra", "usa"),
            tuple("gbr", "fra"),
            tuple("gbr", "usa"),
            tuple("usa", "fra"),
            tuple("usa", "gbr"));
    assertThat(report.passed()).isEqualTo(6);
    assertThat(report.failed()).isZero();
    var attributes =
        temporal
            .client()
            .newUntypedWorkflowStub("federation-1")
            .describe()
            .getTypedSearchAttributes();
    assertThat(attributes.get(Runbooks.DIVE_INSTANCE)).isEqualTo("fra,gbr,usa");
    assertThat(attributes.get(Runbooks.DIVE_RUNBOOK)).isEqualTo("verify-federation");
  }

  @Test
  void oneFailingPairFailsTheMatrixWhileEveryOtherPairIsStillReported() {
    when(activities.verifyPair(pair("fra", "usa")))
        .thenReturn(failed(pair("fra", "usa"), FederationStep.CLAIMS, "no clearance claim"));

    FederationReport report = run("federation-2", VerifyFederationInput.all());

    assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(report.pairs()).hasSize(6);
    assertThat(report.passed()).isEqualTo(5);
    assertThat(report.failed()).isEqualTo(1);
    PairResult fraUsa = report.pairs().get(1);
    assertThat(fraUsa.home() + "<-" + fraUsa.partner()).isEqualTo("fra<-usa");
    assertThat(fraUsa.failedStep()).isEqualTo(FederationStep.CLAIMS);
    assertThat(fraUsa.evidence()).isEqualTo("no clearance claim");
    assertThat(report.pairs()).filteredOn(p -> p != fraUsa).allMatch(PairResult::passed);
  }

  @Test
  void aPairWhoseLoginCannotRunIsAFailedPairNotAFailedRun() throws IOException {
    when(activities.verifyPair(pair("gbr", "usa")))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "secret 'dive-v3-federation-gbr-usa' does not exist", "Broken"));
    when(activities.verifyPair(pair("usa", "gbr")))
        .thenReturn(
            failed(pair("usa", "gbr"), FederationStep.HOME_REDIRECT, "no IdP gbr-federation"));

    FederationReport report = run("federation-3", VerifyFederationInput.all());

    assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(report.failed()).isEqualTo(2);
    PairResult gbrUsa = report.pairs().get(3);
    assertThat(gbrUsa.partner()).isEqualTo("usa");
    assertThat(gbrUsa.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(gbrUsa.failedStep()).isNull();
    assertThat(gbrUsa.evidence())
        .isEqualTo("could not run: secret 'dive-v3-federation-gbr-usa' does not exist");
    record("federation-3", "verify-federation.json");
  }

  @Test
  void aLostLoginIsTriedOnceMoreThenReportedAsNotRun() {
    when(activities.verifyPair(pair("usa", "fra")))
        .thenThrow(new IllegalStateException("worker lost"));

    FederationReport report = run("federation-4", VerifyFederationInput.all());

    verify(activities, times(2)).verifyPair(pair("usa", "fra"));
    assertThat(report.pairs().get(4).evidence()).isEqualTo("could not run: worker lost");
    assertThat(report.failed()).isEqualTo(1);
  }

  @Test
  void anUnknownInstanceFailsTheRunWithThatTypeAndNoLoginRuns() {
    when(activities.pairs(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "instance 'ita' is not in the registry", FailureType.UNKNOWN_INSTANCE.type()));
    VerifyFederationWorkflow workflow = temporal.workflow(VerifyFederationWorkflow.class);

    assertThatThrownBy(() -> workflow.verify(new VerifyFederationInput(List.of("ita"), null)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureType.UNKNOWN_INSTANCE.type());
              assertThat(failure.getOriginalMessage())
                  .isEqualTo("instance 'ita' is not in the registry");
            });
    verify(activities, never()).verifyPair(any());
  }

  @Test
  void everyLoginIsUnderWayBeforeAnyEnds() {
    // Each login waits until all have started: run one after another, the first would wait alone.
    CountDownLatch started = new CountDownLatch(SANDBOX.size());
    doAnswer(
            call -> {
              started.countDown();
              FederationPair pair = call.getArgument(0);
              return started.await(20, TimeUnit.SECONDS)
                  ? passed(pair)
                  : failed(pair, FederationStep.HOME_REDIRECT, "started alone");
            })
        .when(activities)
        .verifyPair(any());

    FederationReport report = run("federation-5", VerifyFederationInput.all());

    assertThat(report.pairs()).allMatch(PairResult::passed);
    assertThat(started.getCount()).isZero();
  }

  @Test
  void onePairAloneIsTaggedWithItsTwoInstances() {
    when(activities.pairs(any())).thenReturn(List.of(pair("usa", "fra")));

    FederationReport report =
        run(
            "federation-6",
            new VerifyFederationInput(List.of("gbr"), new FederationPair("usa", "fra")));

    assertThat(report.instances()).as("the pair wins over the list").containsExactly("fra", "usa");
    assertThat(report.pairs()).singleElement().satisfies(p -> assertThat(p.passed()).isTrue());
  }

  @Test
  void noPairsToVerifyIsAPass() {
    when(activities.pairs(any())).thenReturn(List.of());

    FederationReport report = run("federation-7", new VerifyFederationInput(List.of("usa"), null));

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(report.instances()).containsExactly("usa");
    assertThat(report.pairs()).isEmpty();
    assertThat(report.passed() + report.failed()).isZero();
    verify(activities, never()).verifyPair(any());
  }

  private FederationReport run(String workflowId, VerifyFederationInput input) {
    return temporal.workflow(VerifyFederationWorkflow.class, workflowId).verify(input);
  }

  /** Keeps the run's history for {@code ReplayTest} (the file there is never overwritten). */
  private void record(String workflowId, String name) throws IOException {
    Files.createDirectories(HISTORIES);
    Files.writeString(
        HISTORIES.resolve(name), temporal.client().fetchHistory(workflowId).toJson(true));
  }

  private static FederationPair pair(String home, String partner) {
    return new FederationPair(home, partner);
  }

  private static PairResult passed(FederationPair pair) {
    List<StepTiming> steps =
        Arrays.stream(FederationStep.values()).map(step -> new StepTiming(step, true, 10)).toList();
    return new PairResult(
        pair.home(), pair.partner(), Verdict.PASS, null, "resource API 200", steps, 80);
  }

  private static PairResult failed(FederationPair pair, FederationStep step, String evidence) {
    return new PairResult(
        pair.home(),
        pair.partner(),
        Verdict.FAIL,
        step,
        evidence,
        List.of(new StepTiming(step, false, 5)),
        5);
  }
}
