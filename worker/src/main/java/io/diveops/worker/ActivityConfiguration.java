package io.diveops.worker;

import io.diveops.activities.backup.BackupActivitiesImpl;
import io.diveops.activities.backup.LocalBackupStore;
import io.diveops.activities.backup.RestoreActivitiesImpl;
import io.diveops.activities.backup.RetentionPolicy;
import io.diveops.activities.deploy.DeployActivitiesImpl;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.alert.NotifierActivitiesImpl;
import io.diveops.activities.deploy.ServiceContainers;
import io.diveops.activities.health.HealthActivitiesImpl;
import io.diveops.activities.health.RecoverActivitiesImpl;
import io.diveops.activities.health.ServiceProbe;
import io.diveops.activities.lock.LockActivitiesImpl;
import io.diveops.activities.registry.RegistryActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.selftest.SelfTestActivitiesImpl;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.activities.verify.VerifyActivitiesImpl;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Activity implementations, wired from configuration. Every bean here is registered with the worker. */
@Configuration
public class ActivityConfiguration {

  @Bean
  RegistryActivitiesImpl registryActivities(DiveOpsProperties properties) {
    return new RegistryActivitiesImpl(
        new RegistryValidator(), properties.registry(), properties.schemaOverride());
  }

  @Bean
  VerifyActivitiesImpl verifyActivities(DiveOpsProperties properties, DockerEngines engines) {
    return new VerifyActivitiesImpl(properties.enabledInstances(), new FileSecretStore(properties.secretsDir()),
        properties.opaFixtures(), engines,
        new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }

  @Bean
  DeployActivitiesImpl deployActivities(DiveOpsProperties properties, DockerEngines engines) {
    return new DeployActivitiesImpl(properties.enabledInstances(), properties.releasesDir(),
        new FileSecretStore(properties.secretsDir()), properties.instancesDir(), engines);
  }

  @Bean
  DockerEngines dockerEngines(DiveOpsProperties properties) {
    return new DockerEngines(properties.dockerCertRoot());
  }

  @Bean
  LocalBackupStore backupStore(DiveOpsProperties properties) {
    return new LocalBackupStore(properties.backups().dir());
  }

  @Bean
  BackupActivitiesImpl backupActivities(DiveOpsProperties properties, DockerEngines engines, LocalBackupStore store) {
    var b = properties.backups();
    return new BackupActivitiesImpl(properties.enabledInstances(), new FileSecretStore(properties.secretsDir()),
        properties.instancesDir(), engines, store, new RetentionPolicy(b.keepAllFor(), b.dailyDays(), b.weeklyFor()));
  }

  @Bean
  RestoreActivitiesImpl restoreActivities(DiveOpsProperties properties, DockerEngines engines, LocalBackupStore store) {
    return new RestoreActivitiesImpl(properties.enabledInstances(), new FileSecretStore(properties.secretsDir()), engines, store,
        properties.backups().dir().resolve(".scratch"));
  }

  @Bean
  LockActivitiesImpl lockActivities(WorkflowClient client, DiveOpsProperties properties) {
    return new LockActivitiesImpl(client, properties.taskQueue());
  }

  @Bean
  SelfTestActivitiesImpl selfTestActivities() {
    return new SelfTestActivitiesImpl(java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
  }

  // Probes run every few seconds: short timeouts, so a hung endpoint is a failed probe, not a stall.
  @Bean
  HealthActivitiesImpl healthActivities(WorkflowClient client, DiveOpsProperties properties, DockerEngines engines) {
    return new HealthActivitiesImpl(new ServiceProbe(properties.enabledInstances(), engines,
        new HttpProbe(Duration.ofSeconds(1), Duration.ofSeconds(2)), properties.instancesDir()), client,
        properties.taskQueue());
  }

  @Bean
  RecoverActivitiesImpl recoverActivities(DiveOpsProperties properties, DockerEngines engines) {
    return new RecoverActivitiesImpl(new ServiceContainers(properties.enabledInstances(), properties.releasesDir(),
        new FileSecretStore(properties.secretsDir()), engines), properties.instancesDir());
  }

  @Bean
  NotifierActivitiesImpl notifierActivities(WorkflowClient client, DiveOpsProperties properties) {
    return new NotifierActivitiesImpl(client, properties.taskQueue(), properties.alertWebhook(),
        new HttpProbe(Duration.ofSeconds(3), Duration.ofSeconds(10)));
  }
}
