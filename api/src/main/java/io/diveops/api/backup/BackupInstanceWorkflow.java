package io.diveops.api.backup;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook backup-instance: every datastore, volume and the configuration of one instance into the
 * backup store, with a manifest; visible only once complete. Then retention.
 */
@WorkflowInterface
public interface BackupInstanceWorkflow {
  String TYPE = "BackupInstance";

  @WorkflowMethod(name = TYPE)
  BackupResult backup(BackupInput input);

  @QueryMethod
  String progress();
}
