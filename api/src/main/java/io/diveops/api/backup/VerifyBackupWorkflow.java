package io.diveops.api.backup;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook verify-backup: the restore test. Restores a backup into throwaway datastores and proves
 * it whole, then marks it VERIFIED or FAILED_VERIFICATION.
 */
@WorkflowInterface
public interface VerifyBackupWorkflow {
  String TYPE = "VerifyBackup";

  @WorkflowMethod(name = TYPE)
  VerifyBackupResult verify(VerifyBackupInput input);

  @QueryMethod
  String progress();
}
