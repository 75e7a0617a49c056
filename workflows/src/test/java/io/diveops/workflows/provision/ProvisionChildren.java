package io.diveops.workflows.provision;

import io.diveops.api.backup.BackupInput;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.BackupResult;
import io.diveops.api.backup.BackupStatus;
import io.diveops.api.federation.FederationReport;
import io.diveops.api.federation.VerifyFederationInput;
import io.diveops.api.federation.VerifyFederationWorkflow;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchStatus;
import io.diveops.api.health.HealthWatchWorkflow;
import io.diveops.api.health.RecoverOutcome;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.diveops.api.verify.VerifyInstanceInput;
import io.diveops.api.verify.VerifyInstanceWorkflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runbooks provision-partner (and decommission-partner) start as children, as the test server
 * runs them: each records what it was asked; verification answers with the verdicts the test sets.
 */
public final class ProvisionChildren {
  public static final List<String> STARTED = new CopyOnWriteArrayList<>();
  public static volatile Verdict instanceVerdict = Verdict.PASS;
  public static volatile Verdict federationVerdict = Verdict.PASS;
  public static volatile boolean backupFails;

  private ProvisionChildren() {}

  public static void reset() {
    STARTED.clear();
    instanceVerdict = Verdict.PASS;
    federationVerdict = Verdict.PASS;
    backupFails = false;
  }

  public static class Verify implements VerifyInstanceWorkflow {
    @Override
    public VerificationReport verify(VerifyInstanceInput input) {
      STARTED.add("VerifyInstance " + input.instance());
      return new VerificationReport(input.instance(), instanceVerdict, List.of(), 10);
    }
  }

  public static class Federation implements VerifyFederationWorkflow {
    @Override
    public FederationReport verify(VerifyFederationInput input) {
      STARTED.add("VerifyFederation " + String.join(",", input.instances()));
      // Only the partner's pairs fail: the instances that remain still federate among themselves.
      boolean pass = federationVerdict == Verdict.PASS || !input.instances().contains("deu");
      return new FederationReport(
          input.instances(),
          pass ? Verdict.PASS : Verdict.FAIL,
          List.of(),
          pass ? 12 : 10,
          pass ? 0 : 2,
          20);
    }
  }

  public static class Watch implements HealthWatchWorkflow {
    @Override
    public void watch(HealthWatchInput input) {
      STARTED.add("HealthWatch " + input.instance());
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void recoveryEnded(String service, RecoverOutcome outcome) {}

    @Override
    public HealthWatchStatus status() {
      return null;
    }
  }

  public static class Backup implements BackupInstanceWorkflow {
    @Override
    public BackupResult backup(BackupInput input) {
      STARTED.add("BackupInstance " + input.instance());
      if (backupFails) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
            "the store is full", "BackupFailed");
      }
      return new BackupResult(
          input.instance(),
          "deu-20261128T120000Z",
          BackupStatus.COMPLETE,
          5,
          1000,
          "1.0.0",
          Map.of(),
          Map.of(),
          100,
          null);
    }

    @Override
    public String progress() {
      return "";
    }
  }
}
