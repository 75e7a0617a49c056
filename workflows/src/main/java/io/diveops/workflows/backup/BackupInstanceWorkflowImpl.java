package io.diveops.workflows.backup;

import io.diveops.api.FailureType;
import io.diveops.api.alert.Severity;
import io.diveops.api.backup.BackupActivities;
import io.diveops.api.backup.BackupActivities.BackupStart;
import io.diveops.api.backup.BackupActivities.DumpPart;
import io.diveops.api.backup.BackupInput;
import io.diveops.api.backup.BackupInstanceWorkflow;
import io.diveops.api.backup.BackupManifest;
import io.diveops.api.backup.BackupResult;
import io.diveops.api.backup.RetentionReport;
import io.diveops.workflows.Runbooks;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

public class BackupInstanceWorkflowImpl implements BackupInstanceWorkflow {
  static final String UNIQUE_ID_CHANGE = "backup-id-unique-per-run";

  /** Since then the manifest records the keys without a TTL that Redis's snapshot holds. */
  static final String SNAPSHOT_COUNTS_CHANGE = "redis-persistent-keys";

  private final BackupActivities quick = BackupStubs.backups();
  private final BackupActivities dump = BackupStubs.backups();

  private String progress = "starting";

  @Override
  public BackupResult backup(BackupInput input) {
    Runbooks.tagRun(TYPE);
    Runbooks.tagInstance(input.instance());
    long started = Workflow.currentTimeMillis();
    String id = backupId(started);
    Map<String, Long> stepMs = new LinkedHashMap<>();

    progress = "preparing " + id;
    BackupStart start = quick.prepare(input.instance(), id);
    List<BackupManifest.Artifact> artifacts = new ArrayList<>();
    Map<String, Long> rows = new TreeMap<>();
    Map<String, Long> documents = new TreeMap<>();
    long redisKeys = 0;
    Long redisPersistentKeys = null;
    String step = null;
    BackupManifest published;
    try {
      Map<String, BiFunction<String, String, DumpPart>> steps = new LinkedHashMap<>();
      steps.put("postgres", dump::dumpPostgres);
      steps.put("mongodb", dump::dumpMongo);
      steps.put("redis", dump::dumpRedis);
      steps.put("volumes", dump::dumpVolumes);
      steps.put("config", dump::dumpConfig);
      for (var s : steps.entrySet()) {
        step = s.getKey();
        progress = "dumping " + step;
        long t = Workflow.currentTimeMillis();
        DumpPart part = s.getValue().apply(input.instance(), id);
        stepMs.put(step, Workflow.currentTimeMillis() - t);
        artifacts.addAll(part.artifacts());
        switch (step) {
          case "postgres" -> rows.putAll(part.counts());
          case "mongodb" -> documents.putAll(part.counts());
          case "redis" -> {
            redisKeys = part.counts().getOrDefault(BackupActivities.REDIS_KEYS, 0L);
            if (Workflow.getVersion(SNAPSHOT_COUNTS_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
              redisPersistentKeys = part.counts().get(BackupActivities.REDIS_PERSISTENT_KEYS);
            }
          }
          default -> {}
        }
      }
      step = "publish";
      progress = "publishing";
      published =
          quick.publish(
              new BackupManifest(
                  BackupManifest.FORMAT,
                  input.instance(),
                  id,
                  start.createdAt(),
                  null,
                  start.release(),
                  null,
                  artifacts,
                  start.toolVersions(),
                  new BackupManifest.Counts(rows, documents, redisKeys, redisPersistentKeys),
                  start.sentinel(),
                  stepMs,
                  null));
    } catch (TemporalFailure e) {
      // Nothing half-made stays behind, also when the run was cancelled.
      String failedStep = step;
      progress = "failed at " + failedStep + ": discarding the staged backup";
      String message =
          "backup "
              + id
              + " of "
              + input.instance()
              + " failed at "
              + failedStep
              + ": "
              + Runbooks.reason(e)
              + " (nothing was published)";
      Workflow.newDetachedCancellationScope(
              () -> {
                quick.discard(input.instance(), id);
                BackupAlerts.send(
                    input.instance(),
                    "backup-" + input.instance() + "-" + id,
                    Severity.WARNING,
                    message);
              })
          .run();
      throw ApplicationFailure.newNonRetryableFailure(message, FailureType.BACKUP_FAILED.type());
    }

    RetentionReport retention = null;
    if (!BackupInput.SKIP.equals(input.retention())) {
      progress = "retention";
      retention =
          quick.applyRetention(input.instance(), BackupInput.DRY_RUN.equals(input.retention()));
    }
    progress = "complete: " + id;
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("tables", (long) rows.size());
    counts.put("rows", rows.values().stream().mapToLong(Long::longValue).sum());
    counts.put("collections", (long) documents.size());
    counts.put("documents", documents.values().stream().mapToLong(Long::longValue).sum());
    counts.put("redisKeys", redisKeys);
    return new BackupResult(
        input.instance(),
        id,
        published.status(),
        published.artifacts().size(),
        published.sizeBytes(),
        published.release(),
        counts,
        stepMs,
        Workflow.currentTimeMillis() - started,
        retention);
  }

  /** Runs recorded before ids were unique per run keep their second-only id on replay. */
  private static String backupId(long started) {
    int version = Workflow.getVersion(UNIQUE_ID_CHANGE, Workflow.DEFAULT_VERSION, 1);
    return version == Workflow.DEFAULT_VERSION
        ? BackupIds.at(started)
        : BackupIds.unique(started, Workflow.getInfo().getRunId());
  }

  @Override
  public String progress() {
    return progress;
  }
}
