package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.diveops.activities.stack.ResourceSeeder;
import io.diveops.api.backup.BackupInput;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.BackupManifest;
import io.diveops.api.backup.BackupResult;
import io.diveops.api.backup.BackupStatus;
import io.diveops.api.backup.RestoreInput;
import io.diveops.api.backup.RestoreInstanceWorkflow;
import io.diveops.api.backup.RestoreOutcome;
import io.diveops.api.backup.RestoreResult;
import io.diveops.api.backup.VerifyBackupInput;
import io.diveops.api.backup.VerifyBackupResult;
import io.diveops.api.backup.VerifyBackupWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of the real sandbox: taken, proven by a restore test into throwaway datastores, restored
 * into the live instance; and the ways it must fail cleanly (a damaged artifact, unknown names, a
 * full store, a worker killed mid-backup).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT {
  static final String INSTANCE = "usa";
  static final Path LOGS = Path.of(System.getProperty("dive.buildDir", "target"));
  @TempDir static Path work;
  static DeployFixture sandbox;
  static WorkerFactory worker;
  static final String taskQueue = "backup-" + UUID.randomUUID();
  static final WorkflowClient client = DevServer.shared().client();

  @BeforeAll
  static void up() {
    sandbox = new DeployFixture(work);
    worker = sandbox.inProcessWorker(client, taskQueue, work);
  }

  @AfterAll
  static void down() {
    worker.shutdownNow();
    sandbox.docker.close();
  }

  @Test
  @Order(1)
  void aBackupIsCompleteProvenByARestoreTestAndRestoresIntoTheLiveInstance() throws Exception {
    BackupResult backup = backup(INSTANCE);
    assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETE);
    BackupManifest manifest = sandbox.backups.manifest(INSTANCE, backup.backupId()).orElseThrow();
    var usa = sandbox.registry.instance(INSTANCE).orElseThrow();
    String resources = ResourceSeeder.database(usa);
    assertThat(manifest.artifacts())
        .extracting(BackupManifest.Artifact::name)
        .contains(
            "postgres/keycloak.dump",
            "postgres/dive_ops.dump",
            "postgres/globals.sql",
            "mongodb/" + resources + "/resources.bson",
            "redis/dump.rdb",
            "volumes/dive-usa_postgres-data.tar",
            "config/registry-instance.json",
            "config/containers.json");
    assertThat(manifest.counts().tableRows()).containsKey("keycloak.public.user_entity");
    assertThat(manifest.counts().tableRows().get("keycloak.public.user_entity"))
        .isGreaterThanOrEqualTo(4);
    assertThat(manifest.counts().documents()).containsKey(resources + ".resources");
    assertThat(manifest.sentinel()).isEqualTo(backup.backupId());
    assertThat(manifest.toolVersions()).containsKeys("postgres", "pg_dump", "redis", "mongodb");
    assertNoStaging(INSTANCE);

    VerifyBackupResult verified = verify(INSTANCE, "latest");
    assertThat(verified.status())
        .as(String.valueOf(verified.failedCheck()))
        .isEqualTo(BackupStatus.VERIFIED);
    assertThat(verified.rtoMs()).isPositive();
    assertThat(String.join("\n", verified.checks()))
        .contains("checksums", "counts", "sentinel", "Keycloak: realm");
    assertThat(sandbox.backups.manifest(INSTANCE, backup.backupId()).orElseThrow().status())
        .isEqualTo(BackupStatus.VERIFIED);
    assertNoThrowawayContainers();

    // Data written after the backup is gone once the backup is restored.
    try (var mongo = MongoClients.create(ResourceSeeder.settings(usa))) {
      mongo
          .getDatabase(ResourceSeeder.database(usa))
          .getCollection("resources")
          .insertOne(new Document("resourceId", "written-after-the-backup"));
    }
    RestoreResult restored = restore(INSTANCE, backup.backupId(), false);
    assertThat(restored.outcome())
        .as(String.valueOf(restored.failure()))
        .isEqualTo(RestoreOutcome.RESTORED);
    assertThat(restored.checkpointId()).isNotNull();
    assertThat(sandbox.backups.list(INSTANCE)).contains(restored.checkpointId());
    try (var mongo = MongoClients.create(ResourceSeeder.settings(usa))) {
      assertThat(
              mongo
                  .getDatabase(ResourceSeeder.database(usa))
                  .getCollection("resources")
                  .countDocuments(Filters.eq("resourceId", "written-after-the-backup")))
          .isZero();
    }
  }

  @Test
  @Order(2)
  void aDamagedArtifactFailsVerificationNamingItAndIsNotRestored() throws Exception {
    BackupResult backup = backup(INSTANCE);
    Path rdb =
        sandbox
            .backups
            .root()
            .resolve(INSTANCE)
            .resolve(backup.backupId())
            .resolve("redis/dump.rdb");
    try (var file = new RandomAccessFile(rdb.toFile(), "rw")) {
      file.seek(file.length() / 2);
      int b = file.read();
      file.seek(file.length() / 2);
      file.write(b ^ 0xff);
    }
    VerifyBackupResult verified = verify(INSTANCE, backup.backupId());
    assertThat(verified.status()).isEqualTo(BackupStatus.FAILED_VERIFICATION);
    assertThat(verified.failedCheck()).contains("redis/dump.rdb");
    assertThat(sandbox.backups.manifest(INSTANCE, backup.backupId()).orElseThrow().status())
        .isEqualTo(BackupStatus.FAILED_VERIFICATION);

    assertThatThrownBy(() -> restore(INSTANCE, backup.backupId(), false))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("FAILED_VERIFICATION")
        .hasMessageContaining("only a VERIFIED backup is restored");
  }

  @Test
  @Order(3)
  void unknownInstancesAndBackupsAreRefusedWithNothingTouched() throws Exception {
    List<String> before = sandbox.backups.list(INSTANCE);
    assertThatThrownBy(() -> backup("ita"))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("instance 'ita' is not in the registry");
    assertThatThrownBy(() -> verify(INSTANCE, "20000101T000000Z"))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("no backup '20000101T000000Z' of instance usa");
    assertThatThrownBy(() -> restore(INSTANCE, "../../etc", true))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("not a valid instance or backup id");
    assertThat(sandbox.backups.list(INSTANCE)).isEqualTo(before);
    assertThat(Files.exists(sandbox.backups.root().resolve("ita"))).isFalse();
  }

  @Test
  @Order(4)
  void aStoreThatFillsUpFailsTheBackupClearlyAndListsNothing() throws Exception {
    Path small = Files.createDirectories(work.resolve("small-store"));
    mount(small, "768k");
    try {
      var fixture = new DeployFixture(work.resolve("small"), small);
      String queue = taskQueue + "-small";
      WorkerFactory smallWorker = fixture.inProcessWorker(client, queue, work.resolve("small"));
      try {
        BackupInstanceWorkflow run =
            client.newWorkflowStub(BackupInstanceWorkflow.class, options(queue, "backup-full"));
        assertThatThrownBy(() -> run.backup(BackupInput.of(INSTANCE)))
            .isInstanceOf(WorkflowFailedException.class)
            .rootCause()
            .hasMessageContaining("No space left on device");
        assertThat(fixture.backups.list(INSTANCE)).isEmpty();
        try (Stream<Path> left = Files.list(small.resolve(INSTANCE))) {
          assertThat(left.toList()).as("staging removed").isEmpty();
        }
      } finally {
        smallWorker.shutdownNow();
        fixture.docker.close();
      }
    } finally {
      new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  @Order(5)
  void aWorkerKilledDuringABackupLeavesNoHalfBackup() throws Exception {
    String queue = taskQueue + "-kill";
    List<String> before = sandbox.backups.list(INSTANCE);
    WorkflowStub run;
    try (WorkerProcess first =
        WorkerProcess.start(
            DevServer.shared().address(),
            queue,
            sandbox.workerEnv(),
            LOGS.resolve("worker-backup-kill-1-" + queue + ".log"))) {
      BackupInstanceWorkflow backup =
          client.newWorkflowStub(BackupInstanceWorkflow.class, options(queue, "backup-kill"));
      WorkflowClient.start(backup::backup, new BackupInput(INSTANCE, BackupInput.SKIP));
      run = WorkflowStub.fromTyped(backup);
      Poll.until(
          "the backup to dump",
          Duration.ofMinutes(2),
          () -> run.query("progress", String.class).startsWith("dumping"));
      first.kill();
    }
    List<String> whileDown = sandbox.backups.list(INSTANCE);
    assertThat(whileDown).as("nothing half-made is listed").isEqualTo(before);
    try (WorkerProcess second =
        WorkerProcess.start(
            DevServer.shared().address(),
            queue,
            sandbox.workerEnv(),
            LOGS.resolve("worker-backup-kill-2-" + queue + ".log"))) {
      BackupResult result = run.getResult(5, TimeUnit.MINUTES, BackupResult.class);
      assertThat(result.status()).isEqualTo(BackupStatus.COMPLETE);
      BackupManifest manifest = sandbox.backups.manifest(INSTANCE, result.backupId()).orElseThrow();
      for (BackupManifest.Artifact a : manifest.artifacts()) {
        assertThat(
                Files.size(
                    sandbox
                        .backups
                        .root()
                        .resolve(INSTANCE)
                        .resolve(result.backupId())
                        .resolve(a.name())))
            .as(a.name())
            .isEqualTo(a.sizeBytes());
      }
      assertNoStaging(INSTANCE);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static BackupResult backup(String instance) {
    return client
        .newWorkflowStub(BackupInstanceWorkflow.class, options(taskQueue, "backup-" + instance))
        .backup(BackupInput.of(instance));
  }

  private static VerifyBackupResult verify(String instance, String backup) {
    return client
        .newWorkflowStub(
            VerifyBackupWorkflow.class, options(taskQueue, "verify-backup-" + instance))
        .verify(new VerifyBackupInput(instance, backup));
  }

  private static RestoreResult restore(String instance, String backup, boolean force) {
    return client
        .newWorkflowStub(RestoreInstanceWorkflow.class, options(taskQueue, "restore-" + instance))
        .restore(new RestoreInput(instance, backup, force));
  }

  private static WorkflowOptions options(String queue, String prefix) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(queue)
        .setWorkflowId(prefix + "-" + UUID.randomUUID())
        .setWorkflowExecutionTimeout(Duration.ofMinutes(15))
        .build();
  }

  private static void assertNoStaging(String instance) throws Exception {
    try (Stream<Path> entries = Files.list(sandbox.backups.root().resolve(instance))) {
      assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")))
          .isEmpty();
    }
  }

  private static void assertNoThrowawayContainers() {
    assertThat(
            sandbox.docker.findByLabels(Map.of("dive.ops.managed", "true")).stream()
                .filter(c -> c.name().contains("restoretest"))
                .toList())
        .isEmpty();
  }

  private static void mount(Path dir, String size) throws Exception {
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
            .inheritIO()
            .start();
    assertThat(p.waitFor()).as("mount a small tmpfs (the tests run as root)").isZero();
  }
}
