package io.diveops.worker;

import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes sure every watched instance has its HealthWatch once the worker polls. One already running
 * (started by an earlier worker) is left as it is: the watch outlives workers.
 */
@Component
public class HealthWatchStarter {
  private static final Logger log = LoggerFactory.getLogger(HealthWatchStarter.class);

  private final WorkflowClient client;
  private final DiveOpsProperties properties;

  public HealthWatchStarter(WorkflowClient client, DiveOpsProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void startWatches() {
    DiveOpsProperties.HealthWatchSettings settings = properties.healthWatch();
    if (!settings.enabled()) {
      log.info("HealthWatch not started (dive-ops.health-watch.enabled=false)");
      return;
    }
    for (String instance : watched(settings)) {
      HealthWatchWorkflow watch =
          client.newWorkflowStub(
              HealthWatchWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(HealthWatchInput.workflowId(instance))
                  .setTaskQueue(properties.taskQueue())
                  .setWorkflowIdConflictPolicy(
                      WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                  .build());
      try {
        WorkflowClient.start(
            watch::watch,
            HealthWatchInput.of(
                instance, (int) settings.interval().toSeconds(), settings.threshold()));
        log.info("HealthWatch started for {}", instance);
      } catch (WorkflowExecutionAlreadyStarted e) {
        log.info("HealthWatch already running for {}", instance);
      } catch (RuntimeException e) {
        log.warn("HealthWatch for {} not started: {}", instance, e.getMessage());
      }
    }
  }

  private List<String> watched(DiveOpsProperties.HealthWatchSettings settings) {
    List<String> configured =
        settings.instances().stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (!configured.isEmpty()) {
      return configured;
    }
    try {
      return properties.enabledInstances().keys();
    } catch (RuntimeException e) {
      log.warn(
          "HealthWatch not started: the registry {} is not usable: {}",
          properties.registry(),
          e.getMessage());
      return List.of();
    }
  }
}
