package io.diveops.worker;

import io.diveops.activities.alert.NotifierActivitiesImpl;
import io.diveops.activities.backup.BackupActivitiesImpl;
import io.diveops.activities.backup.RestoreActivitiesImpl;
import io.diveops.activities.decommission.DecommissionActivitiesImpl;
import io.diveops.activities.deploy.DeployActivitiesImpl;
import io.diveops.activities.drift.DriftActivitiesImpl;
import io.diveops.activities.federation.FederationActivitiesImpl;
import io.diveops.activities.health.HealthActivitiesImpl;
import io.diveops.activities.health.RecoverActivitiesImpl;
import io.diveops.activities.lock.LockActivitiesImpl;
import io.diveops.activities.provision.ProvisionActivitiesImpl;
import io.diveops.activities.registry.RegistryActivitiesImpl;
import io.diveops.activities.selftest.SelfTestActivitiesImpl;
import io.diveops.activities.verify.VerifyActivitiesImpl;
import io.diveops.workflows.ActivityPolicies;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Registers the catalog with the starter's worker and runs it. On shutdown it stops polling and
 * waits for in-flight activities up to the grace period; whatever is still running after that is
 * retried by Temporal on another worker, so nothing is lost either way.
 */
@Component
public class RunbookWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RunbookWorker.class);

  private final WorkerFactory factory;
  private final DiveOpsProperties properties;
  private final List<Object> activities;
  private volatile boolean running;

  public RunbookWorker(
      WorkerFactory factory,
      DiveOpsProperties properties,
      RegistryActivitiesImpl registryActivities,
      VerifyActivitiesImpl verifyActivities,
      FederationActivitiesImpl federationActivities,
      DeployActivitiesImpl deployActivities,
      ProvisionActivitiesImpl provisionActivities,
      DecommissionActivitiesImpl decommissionActivities,
      DriftActivitiesImpl driftActivities,
      LockActivitiesImpl lockActivities,
      BackupActivitiesImpl backupActivities,
      RestoreActivitiesImpl restoreActivities,
      SelfTestActivitiesImpl selfTestActivities,
      HealthActivitiesImpl healthActivities,
      RecoverActivitiesImpl recoverActivities,
      NotifierActivitiesImpl notifierActivities) {
    this.factory = factory;
    this.properties = properties;
    this.activities =
        new ArrayList<>(
            List.of(
                registryActivities,
                verifyActivities,
                federationActivities,
                deployActivities,
                provisionActivities,
                decommissionActivities,
                driftActivities,
                lockActivities,
                backupActivities,
                restoreActivities,
                healthActivities,
                recoverActivities,
                notifierActivities));
    if (properties.selftest()) {
      activities.add(selfTestActivities);
    }
  }

  @Override
  public void start() {
    Worker worker = factory.getWorker(properties.taskQueue());
    if (worker == null) {
      throw new IllegalStateException(
          "no Temporal worker for task queue '"
              + properties.taskQueue()
              + "': spring.temporal.workers must list it");
    }
    List<Class<?>> workflows = RunbookCatalog.workflowImplementations(properties.selftest());
    worker.registerWorkflowImplementationTypes(
        ActivityPolicies.options(), workflows.toArray(Class<?>[]::new));
    worker.registerActivitiesImplementations(activities.toArray());
    factory.start();
    running = true;
    log.info(
        "worker polling task queue '{}' for {}",
        properties.taskQueue(),
        RunbookCatalog.workflowTypes(workflows));
  }

  @Override
  public void stop() {
    log.info(
        "worker stopping: no new tasks; waiting up to {} for in-flight ones",
        properties.shutdownGrace());
    factory.shutdown();
    factory.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      log.warn("grace period over: unfinished activities will be retried by another worker");
      factory.shutdownNow();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
