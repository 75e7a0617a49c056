package io.diveops.workflows;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Histories recorded on a real server are replayed against today's workflow code: a change that
 * breaks determinism for runs already in flight fails here, not in production.
 */
class ReplayTest {
  @RegisterExtension
  final WorkflowTestEnvironment temporal = WorkflowTestEnvironment.of().startedByTest();

  @ParameterizedTest
  @CsvSource({
    "validate-registry.json, io.diveops.workflows.validate.ValidateRegistryWorkflowImpl",
    "verify-instance.json, io.diveops.workflows.verify.VerifyInstanceWorkflowImpl",
    "deploy-instance.json, io.diveops.workflows.deploy.DeployInstanceWorkflowImpl",
    "instance-lock.json, io.diveops.workflows.lock.InstanceLockWorkflowImpl",
    "backup-instance.json, io.diveops.workflows.backup.BackupInstanceWorkflowImpl",
    "verify-backup.json, io.diveops.workflows.backup.VerifyBackupWorkflowImpl",
    "restore-instance.json, io.diveops.workflows.backup.RestoreInstanceWorkflowImpl",
    "recover-service.json, io.diveops.workflows.health.RecoverServiceWorkflowImpl",
    "recover-service-restart.json, io.diveops.workflows.health.RecoverServiceWorkflowImpl",
    "health-watch.json, io.diveops.workflows.health.HealthWatchWorkflowImpl",
    "recover-service-restart-self-healing.json, io.diveops.workflows.health.RecoverServiceWorkflowImpl",
    "recover-service-self-healed.json, io.diveops.workflows.health.RecoverServiceWorkflowImpl",
    "health-watch-self-healing.json, io.diveops.workflows.health.HealthWatchWorkflowImpl",
    "alert-group.json, io.diveops.workflows.alert.AlertGroupWorkflowImpl",
    "verify-federation.json, io.diveops.workflows.federation.VerifyFederationWorkflowImpl",
    "provision-partner.json, io.diveops.workflows.provision.ProvisionPartnerWorkflowImpl",
    "detect-drift.json, io.diveops.workflows.drift.DetectDriftWorkflowImpl",
    "detect-drift-alerts.json, io.diveops.workflows.drift.DetectDriftWorkflowImpl"
  })
  void recordedHistoryReplays(String history, Class<?> implementation) throws Exception {
    // Registered as the product registers it, with the per-activity-type options; replaying needs
    // no started worker.
    temporal
        .worker()
        .registerWorkflowImplementationTypes(ActivityPolicies.options(), implementation);
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(read("/histories/" + history)), temporal.worker());
  }

  /**
   * Runs whose commands carry their own workflow id (a child named after its parent, a lock that
   * names its holder) replay under the id they were recorded with: the default replay id would
   * start other children, and never be granted a lock.
   */
  @ParameterizedTest
  @CsvSource({
    "detect-drift-reconcile.json, io.diveops.workflows.drift.DetectDriftWorkflowImpl, drift-6",
    "decommission-partner-decommissioned.json,"
        + " io.diveops.workflows.decommission.DecommissionPartnerWorkflowImpl, decommission-3",
    "provision-partner-provisioned.json, io.diveops.workflows.provision.ProvisionPartnerWorkflowImpl,"
        + " provision-3"
  })
  void recordedHistoryReplaysUnderItsOwnId(String history, Class<?> implementation, String id)
      throws Exception {
    temporal
        .worker()
        .registerWorkflowImplementationTypes(ActivityPolicies.options(), implementation);
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(read("/histories/" + history), id), temporal.worker());
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = ReplayTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing recorded history " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
