package io.diveops.worker;

import io.diveops.activities.alert.NotifierActivitiesImpl;
import io.diveops.activities.backup.BackupActivitiesImpl;
import io.diveops.activities.backup.LocalBackupStore;
import io.diveops.activities.backup.RestoreActivitiesImpl;
import io.diveops.activities.backup.RetentionPolicy;
import io.diveops.activities.decommission.DecommissionActivitiesImpl;
import io.diveops.activities.deploy.DeployActivitiesImpl;
import io.diveops.activities.deploy.ServiceContainers;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.drift.DriftActivitiesImpl;
import io.diveops.activities.drift.Fingerprints;
import io.diveops.activities.drift.KeycloakRealmDrift;
import io.diveops.activities.drift.OpaDrift;
import io.diveops.activities.federation.BrokeredLogin;
import io.diveops.activities.federation.FederationActivitiesImpl;
import io.diveops.activities.health.HealthActivitiesImpl;
import io.diveops.activities.health.RecoverActivitiesImpl;
import io.diveops.activities.health.ServiceProbe;
import io.diveops.activities.lock.LockActivitiesImpl;
import io.diveops.activities.provision.ImageProbe;
import io.diveops.activities.provision.PortProbe;
import io.diveops.activities.provision.ProvisionActivitiesImpl;
import io.diveops.activities.registry.RegistryActivitiesImpl;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.selftest.SelfTestActivitiesImpl;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.activities.verify.VerifyActivitiesImpl;
import io.diveops.worker.schedules.ScheduleInstaller;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Activity implementations, wired from configuration. Every bean here is registered with the
 * worker.
 */
@Configuration
public class ActivityConfiguration {

  /** One store for every activity; a Secret Manager client is closed with the context. */
  @Bean
  SecretStore secretStore(DiveOpsProperties properties) {
    return properties.openSecretStore();
  }

  @Bean
  RegistryActivitiesImpl registryActivities(DiveOpsProperties properties) {
    return new RegistryActivitiesImpl(
        new RegistryValidator(), properties.registry(), properties.schemaOverride());
  }

  @Bean
  VerifyActivitiesImpl verifyActivities(
      DiveOpsProperties properties, SecretStore secrets, DockerEngines engines) {
    return new VerifyActivitiesImpl(
        properties.enabledInstances(),
        secrets,
        properties.opaFixtures(),
        engines,
        new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }

  @Bean
  BrokeredLogin brokeredLogin(SecretStore secrets) {
    return new BrokeredLogin(secrets);
  }

  @Bean
  FederationActivitiesImpl federationActivities(DiveOpsProperties properties, BrokeredLogin login) {
    return new FederationActivitiesImpl(properties.enabledInstances(), login);
  }

  @Bean
  DeployActivitiesImpl deployActivities(
      DiveOpsProperties properties, SecretStore secrets, DockerEngines engines) {
    return new DeployActivitiesImpl(
        properties.enabledInstances(),
        properties.releasesDir(),
        secrets,
        properties.instancesDir(),
        engines);
  }

  @Bean
  ProvisionActivitiesImpl provisionActivities(
      DiveOpsProperties properties,
      SecretStore secrets,
      DockerEngines engines,
      WorkflowClient client) {
    return new ProvisionActivitiesImpl(
        properties.registry(),
        properties.schemaOverride(),
        properties.releasesDir(),
        properties.instancesDir(),
        secrets,
        PortProbe.LOCAL,
        ImageProbe.docker(engines),
        engines,
        // The same schedules a starting worker applies, for the registry as it is now.
        () ->
            properties.backups().schedules()
                ? ScheduleInstaller.schedules(client, properties)
                    .apply(ScheduleInstaller.enabledInstances(properties))
                    .stream()
                    .map(a -> a.scheduleId() + " " + a.action())
                    .toList()
                : List.of("none: dive-ops.backups.schedules is false"));
  }

  @Bean
  DecommissionActivitiesImpl decommissionActivities(
      DiveOpsProperties properties,
      SecretStore secrets,
      DockerEngines engines,
      WorkflowClient client) {
    return new DecommissionActivitiesImpl(
        properties.registry(),
        properties.schemaOverride(),
        properties.instancesDir(),
        secrets,
        engines,
        client);
  }

  /**
   * Detection reads the ignore rules beside the registry ({@code config/drift-ignore.json}); env
   * fingerprints are keyed per worker process.
   */
  @Bean
  DriftActivitiesImpl driftActivities(
      DiveOpsProperties properties, SecretStore secrets, DockerEngines engines) {
    return new DriftActivitiesImpl(
        properties.enabledInstances(),
        properties.releasesDir(),
        properties.instancesDir(),
        secrets,
        engines,
        new KeycloakRealmDrift(secrets, properties.registry()),
        // The shipped policy sits beside the decision fixtures (sandbox/opa/policy).
        new OpaDrift(
            properties.opaFixtures().resolveSibling("policy"),
            new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5))),
        properties.registry().resolveSibling(DriftActivitiesImpl.IGNORE_FILE),
        new Fingerprints(),
        Clock.systemUTC());
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
  BackupActivitiesImpl backupActivities(
      DiveOpsProperties properties,
      SecretStore secrets,
      DockerEngines engines,
      LocalBackupStore store) {
    var b = properties.backups();
    return new BackupActivitiesImpl(
        properties.enabledInstances(),
        secrets,
        properties.instancesDir(),
        engines,
        store,
        new RetentionPolicy(b.keepAllFor(), b.dailyDays(), b.weeklyFor()));
  }

  @Bean
  RestoreActivitiesImpl restoreActivities(
      DiveOpsProperties properties,
      SecretStore secrets,
      DockerEngines engines,
      LocalBackupStore store) {
    return new RestoreActivitiesImpl(
        properties.enabledInstances(),
        secrets,
        engines,
        store,
        properties.backups().dir().resolve(".scratch"));
  }

  @Bean
  LockActivitiesImpl lockActivities(WorkflowClient client, DiveOpsProperties properties) {
    return new LockActivitiesImpl(client, properties.taskQueue());
  }

  @Bean
  SelfTestActivitiesImpl selfTestActivities() {
    return new SelfTestActivitiesImpl(
        java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
  }

  // Probes run every few seconds: short timeouts, so a hung endpoint is a failed probe, not a
  // stall.
  @Bean
  HealthActivitiesImpl healthActivities(
      WorkflowClient client, DiveOpsProperties properties, DockerEngines engines) {
    return new HealthActivitiesImpl(
        new ServiceProbe(
            properties.enabledInstances(),
            engines,
            new HttpProbe(Duration.ofSeconds(1), Duration.ofSeconds(2)),
            properties.instancesDir()),
        client,
        properties.taskQueue());
  }

  @Bean
  RecoverActivitiesImpl recoverActivities(
      DiveOpsProperties properties, SecretStore secrets, DockerEngines engines) {
    return new RecoverActivitiesImpl(
        new ServiceContainers(
            properties.enabledInstances(), properties.releasesDir(), secrets, engines),
        properties.instancesDir());
  }

  @Bean
  NotifierActivitiesImpl notifierActivities(WorkflowClient client, DiveOpsProperties properties) {
    return new NotifierActivitiesImpl(
        client,
        properties.taskQueue(),
        properties.alertWebhook(),
        new HttpProbe(Duration.ofSeconds(3), Duration.ofSeconds(10)));
  }
}
