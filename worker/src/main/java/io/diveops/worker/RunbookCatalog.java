package io.diveops.worker;

import io.diveops.workflows.Runbooks;
import io.diveops.workflows.alert.AlertGroupWorkflowImpl;
import io.diveops.workflows.backup.BackupInstanceWorkflowImpl;
import io.diveops.workflows.backup.RestoreInstanceWorkflowImpl;
import io.diveops.workflows.backup.VerifyBackupWorkflowImpl;
import io.diveops.workflows.decommission.DecommissionPartnerWorkflowImpl;
import io.diveops.workflows.deploy.DeployInstanceWorkflowImpl;
import io.diveops.workflows.deploy.RollbackInstanceWorkflowImpl;
import io.diveops.workflows.drift.DetectDriftWorkflowImpl;
import io.diveops.workflows.federation.VerifyFederationWorkflowImpl;
import io.diveops.workflows.health.HealthWatchWorkflowImpl;
import io.diveops.workflows.health.RecoverServiceWorkflowImpl;
import io.diveops.workflows.lock.InstanceLockWorkflowImpl;
import io.diveops.workflows.provision.ProvisionPartnerWorkflowImpl;
import io.diveops.workflows.selftest.WorkerSelfTestWorkflowImpl;
import io.diveops.workflows.validate.ValidateRegistryWorkflowImpl;
import io.diveops.workflows.verify.VerifyInstanceWorkflowImpl;
import io.temporal.common.metadata.POJOWorkflowImplMetadata;
import io.temporal.common.metadata.POJOWorkflowMethodMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The runbooks this worker serves. Each workflow type here must have its doc and its launcher; the
 * catalog test holds the three together.
 */
public final class RunbookCatalog {
  /** Operator runbooks: one doc and one launcher each. */
  public static final List<Class<?>> RUNBOOKS =
      List.of(
          ValidateRegistryWorkflowImpl.class,
          VerifyInstanceWorkflowImpl.class,
          VerifyFederationWorkflowImpl.class,
          DeployInstanceWorkflowImpl.class,
          RollbackInstanceWorkflowImpl.class,
          BackupInstanceWorkflowImpl.class,
          VerifyBackupWorkflowImpl.class,
          RestoreInstanceWorkflowImpl.class,
          HealthWatchWorkflowImpl.class,
          RecoverServiceWorkflowImpl.class,
          ProvisionPartnerWorkflowImpl.class,
          DecommissionPartnerWorkflowImpl.class,
          DetectDriftWorkflowImpl.class);

  /**
   * Workflows the runbooks rely on (the instance lock, alert grouping): always registered, not
   * runbooks.
   */
  public static final List<Class<?>> INFRASTRUCTURE =
      List.of(InstanceLockWorkflowImpl.class, AlertGroupWorkflowImpl.class);

  /** Probes of the worker itself, registered only on request; not runbooks. */
  public static final List<Class<?>> PROBES = List.of(WorkerSelfTestWorkflowImpl.class);

  private RunbookCatalog() {}

  public static List<Class<?>> workflowImplementations(boolean withProbes) {
    List<Class<?>> all = new ArrayList<>(RUNBOOKS);
    all.addAll(INFRASTRUCTURE);
    if (withProbes) {
      all.addAll(PROBES);
    }
    return all;
  }

  /** The workflow types of a set of implementations, as Temporal registers them. */
  public static List<String> workflowTypes(List<Class<?>> implementations) {
    return implementations.stream()
        .flatMap(c -> POJOWorkflowImplMetadata.newInstance(c).getWorkflowMethods().stream())
        .map(POJOWorkflowMethodMetadata::getName)
        .toList();
  }

  public static List<String> runbookIds() {
    return workflowTypes(RUNBOOKS).stream().map(Runbooks::idOf).toList();
  }
}
