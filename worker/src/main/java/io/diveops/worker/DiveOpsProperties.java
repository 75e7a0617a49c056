package io.diveops.worker;

import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.secrets.SecretStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's own settings ({@code dive-ops.*}), the one source of them for the worker and the
 * command-line commands alike (see {@link Settings}); the Temporal connection is under {@code
 * spring.temporal.*}. Each default is written here once: application.yml sets none of these, so the
 * environment variable of a property is the one Spring's relaxed binding derives from its name
 * ({@code dive-ops.health-watch.interval} from {@code DIVE_OPS_HEALTH_WATCH_INTERVAL}), as the
 * README's configuration table lists them. Older variable names still work: {@link
 * DeprecatedVariables}.
 *
 * @param taskQueue the queue every runbook runs on
 * @param registry the registry used when a run names none
 * @param registrySchema a schema file to use instead of the one the registry names (optional)
 * @param workerPort the worker's actuator port (application.yml hands it to {@code server.port})
 * @param shutdownGrace how long a stopping worker lets in-flight activities finish
 * @param selftest register the WorkerSelfTest probe workflow (tests and deployment checks)
 * @param secretsDir the local secret store (one file per secret, owner-only); default {@code
 *     <machine state>/secrets}
 * @param secretStore where secrets live: {@code file} (the files in {@code secretsDir}) or {@code
 *     gcp:projects/<project>} (Google Cloud Secret Manager)
 * @param secretManagerEndpoint host:port of a plaintext, unauthenticated Secret Manager on loopback
 *     (tests); empty: Google's, with the machine's application default credentials
 * @param opaFixtures the OPA decision fixtures verify-instance checks a live OPA against
 * @param dockerCertRoot TLS material of remote Docker hosts, one folder per host
 * @param releasesDir where {@code <version>.json} release files are
 * @param instancesDir per-instance records: release history and deploy checkpoints; default {@code
 *     <machine state>/instances}
 * @param backups the backup store, retention and the schedules of backups and restore tests
 * @param federation when the federation matrix is verified
 * @param drift when drift is detected
 * @param healthWatch whether and how the worker starts HealthWatch for the instances
 * @param alertWebhook where alerts are posted (Slack-compatible JSON); empty: alerts are only
 *     logged
 */
@ConfigurationProperties("dive-ops")
public record DiveOpsProperties(
    @DefaultValue("dive-ops") String taskQueue,
    @DefaultValue("config/federation-registry.json") Path registry,
    Path registrySchema,
    @DefaultValue("7280") int workerPort,
    @DefaultValue("30s") Duration shutdownGrace,
    @DefaultValue("false") boolean selftest,
    Path secretsDir,
    @DefaultValue("file") String secretStore,
    @DefaultValue("") String secretManagerEndpoint,
    @DefaultValue("sandbox/opa/fixtures.json") Path opaFixtures,
    @DefaultValue(".state/docker-certs") Path dockerCertRoot,
    @DefaultValue("releases") Path releasesDir,
    Path instancesDir,
    @DefaultValue Backups backups,
    @DefaultValue Federation federation,
    @DefaultValue Drift drift,
    @DefaultValue HealthWatchSettings healthWatch,
    @DefaultValue("") String alertWebhook) {

  /** State left unset goes where the dive-ops script puts it: see {@link MachineState}. */
  public DiveOpsProperties {
    secretsDir = orMachineState(secretsDir, "secrets");
    instancesDir = orMachineState(instancesDir, "instances");
  }

  static Path orMachineState(Path configured, String name) {
    return configured == null || configured.toString().isBlank()
        ? MachineState.dir().resolve(name)
        : configured;
  }

  /**
   * @param dir the local backup store, {@code <dir>/<instance>/<id>/}; default {@code <machine
   *     state>/backups}
   * @param keepAllFor retention keeps every backup younger than this
   * @param dailyDays ... and the newest of each of these last days
   * @param weeklyFor ... and the newest of each ISO week younger than this
   * @param schedules create the Temporal Schedules when the worker starts
   * @param backupCron the daily backup of every enabled instance, UTC (seed: 02:00 UTC)
   * @param verifyCron the weekly restore test of each instance's latest backup, UTC
   * @param catchupWindow how late a missed run (server down at 02:00) may still start
   */
  public record Backups(
      Path dir,
      @DefaultValue("1d") Duration keepAllFor,
      @DefaultValue("7") int dailyDays,
      @DefaultValue("30d") Duration weeklyFor,
      @DefaultValue("true") boolean schedules,
      @DefaultValue("0 2 * * *") String backupCron,
      @DefaultValue("0 4 * * 0") String verifyCron,
      @DefaultValue("6h") Duration catchupWindow) {
    public Backups {
      dir = orMachineState(dir, "backups");
    }
  }

  /**
   * @param verifyCron the daily verify-federation run over every federated pair of enabled
   *     instances, UTC (seed T09: daily); applied with the backup schedules ({@code
   *     dive-ops.backups.schedules}, {@code catchup-window})
   */
  public record Federation(@DefaultValue("0 6 * * *") String verifyCron) {}

  /**
   * @param cron the detect-drift run over every enabled instance, UTC (hourly; the seed asks
   *     daily); empty: no drift schedule. Applied with the backup schedules.
   */
  public record Drift(@DefaultValue("0 * * * *") String cron) {}

  /**
   * @param enabled start (or find running) HealthWatch for every enabled instance when the worker
   *     starts; on, as the product runs (tests that bring their own instances turn it off)
   * @param instances only these instance keys; empty: every enabled instance of the registry
   * @param interval between probes
   * @param threshold consecutive failed probes that start a recovery
   */
  public record HealthWatchSettings(
      @DefaultValue("true") boolean enabled,
      @DefaultValue List<String> instances,
      @DefaultValue("2s") Duration interval,
      @DefaultValue("2") int threshold) {}

  /** The enabled instances of the registry, judged by the same schema as every run's validation. */
  public EnabledInstances enabledInstances() {
    return new EnabledInstances(registry, schemaOverride());
  }

  /** The secret store the settings name; the worker and the commands open it alike. */
  public SecretStore openSecretStore() {
    return SecretStores.open(secretStore, secretsDir, secretManagerEndpoint);
  }

  /** An empty setting means "none": the registry's own "$schema" is used. */
  public Optional<Path> schemaOverride() {
    return registrySchema == null || registrySchema.toString().isBlank()
        ? Optional.empty()
        : Optional.of(registrySchema);
  }
}
