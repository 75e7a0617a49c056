package io.diveops.worker;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** The worker is healthy when it reaches the Temporal server and its workers are polling. */
@Component("temporal")
public class TemporalHealthIndicator implements HealthIndicator {
  private final WorkflowServiceStubs stubs;
  private final WorkerFactory factory;
  private final DiveOpsProperties properties;

  public TemporalHealthIndicator(
      WorkflowServiceStubs stubs, WorkerFactory factory, DiveOpsProperties properties) {
    this.stubs = stubs;
    this.factory = factory;
    this.properties = properties;
  }

  @Override
  public Health health() {
    Health.Builder health =
        factory.isStarted() && !factory.isShutdown() ? Health.up() : Health.down();
    health.withDetail("taskQueue", properties.taskQueue());
    try {
      var check = stubs.healthCheck();
      health.withDetail("server", check.getStatus().name());
      if (check.getStatus() != io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING) {
        health.down();
      }
    } catch (RuntimeException e) {
      health.down().withDetail("server", "unreachable: " + e.getMessage());
    }
    return health.build();
  }
}
