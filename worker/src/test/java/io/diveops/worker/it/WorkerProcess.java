package io.diveops.worker.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged worker jar as a real OS process, so tests can SIGKILL and SIGTERM it. */
public final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final int port = FreePort.pick();
  private final Path log;

  private WorkerProcess(
      String temporalAddress, String taskQueue, Map<String, String> env, Path log) {
    this.log = log;
    String jar = System.getProperty("dive.workerJar", "target/dive-ops-worker.jar");
    List<String> command =
        new ArrayList<>(List.of("java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("TEMPORAL_ADDRESS", temporalAddress);
    builder.environment().put("DIVE_OPS_TASK_QUEUE", taskQueue);
    builder.environment().put("DIVE_OPS_WORKER_PORT", String.valueOf(port));
    // A test worker watches no instance and applies no schedule unless the test asks: a HealthWatch
    // would mend the faults other tests make on purpose; schedules belong to the schedule tests.
    builder.environment().put("DIVE_OPS_HEALTH_WATCH_ENABLED", "false");
    builder.environment().put("DIVE_OPS_BACKUPS_SCHEDULES", "false");
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static WorkerProcess start(
      String temporalAddress, String taskQueue, Map<String, String> env, Path log) {
    WorkerProcess worker = new WorkerProcess(temporalAddress, taskQueue, env, log);
    Poll.until(
        "worker health UP (log " + log + ")",
        Duration.ofSeconds(90),
        () -> {
          if (!worker.process.isAlive()) {
            throw new IllegalStateException(
                "worker exited with " + worker.process.exitValue() + "; see " + log);
          }
          return worker.health().contains("\"status\":\"UP\"");
        });
    return worker;
  }

  public String health() {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: the process gets no chance to clean up. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, and the exit code once the worker has shut down gracefully. */
  public int terminate(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("worker did not exit within " + within + " of SIGTERM");
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
