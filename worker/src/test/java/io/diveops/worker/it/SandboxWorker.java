package io.diveops.worker.it;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The sandbox up and a worker in this JVM serving every runbook on its own task queue, for one test
 * class ({@code @RegisterExtension static final SandboxWorker}): what a runbook IT starts with.
 */
final class SandboxWorker implements BeforeAllCallback, AfterAllCallback {
  final String taskQueue;
  final WorkflowClient client = DevServer.shared().client();
  private Path work;
  private DeployFixture sandbox;
  private WorkerFactory worker;

  SandboxWorker(String name) {
    taskQueue = name + "-" + UUID.randomUUID();
  }

  DeployFixture sandbox() {
    return sandbox;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    work = Files.createTempDirectory("dive-ops-" + taskQueue);
    sandbox = new DeployFixture(work);
    worker = sandbox.inProcessWorker(client, taskQueue, work);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    worker.shutdownNow();
    sandbox.docker.close();
    try (Stream<Path> files = Files.walk(work)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
