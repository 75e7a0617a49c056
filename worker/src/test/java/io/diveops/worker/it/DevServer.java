package io.diveops.worker.it;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal dev server ({@code temporal server start-dev}) on free loopback ports, with its
 * history in a SQLite file. The integration tests share one ({@link #shared()}); a test that
 * restarts a server makes its own.
 */
public final class DevServer implements AutoCloseable {
  private static DevServer shared;

  private final Path dbFile;
  private final Path log;
  private final int port = FreePort.pick();
  private final int uiPort = FreePort.pick();
  private Process process;
  private WorkflowServiceStubs stubs;

  public DevServer(Path dbFile) {
    this.dbFile = dbFile;
    this.log = dbFile.resolveSibling(dbFile.getFileName() + ".log");
  }

  /** One server for the whole test JVM, stopped when the JVM exits. */
  public static synchronized DevServer shared() {
    if (shared == null) {
      Path dir = Path.of(System.getProperty("dive.buildDir", "target"), "devserver");
      try {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("shared.db"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      shared = new DevServer(dir.resolve("shared.db")).start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  public static String temporalBinary() {
    String configured = System.getenv("TEMPORAL_CLI");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return Path.of(System.getProperty("dive.root", "..")).resolve(".tools/bin/temporal").toString();
  }

  public synchronized DevServer start() {
    List<String> command =
        List.of(
            temporalBinary(),
            "server",
            "start-dev",
            "--db-filename",
            dbFile.toString(),
            "--ip",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--ui-port",
            String.valueOf(uiPort),
            "--search-attribute",
            "DiveInstance=Keyword",
            "--search-attribute",
            "DiveRunbook=Keyword",
            "--log-level",
            "warn");
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + ": run ./dive-ops test", e);
    }
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    Poll.until(
        "dev server on " + address() + " (log " + log + ")",
        Duration.ofSeconds(60),
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("dev server exited; see " + log);
          }
          return stubs.healthCheck().getStatus().name().equals("SERVING") && uiAnswers();
        });
    return this;
  }

  private boolean uiAnswers() {
    try (var socket = new java.net.Socket("127.0.0.1", uiPort)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM and wait: the server flushes its SQLite file. */
  public synchronized void stop() {
    if (stubs != null) {
      stubs.shutdownNow();
      stubs = null;
    }
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public int uiPort() {
    return uiPort;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  /**
   * A client on its own connection, which outlives {@link #stop()} and reconnects after {@link
   * #start()}.
   */
  public WorkflowClient independentClient() {
    WorkflowServiceStubs own =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    return WorkflowClient.newInstance(
        own, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  public File log() {
    return log.toFile();
  }
}
