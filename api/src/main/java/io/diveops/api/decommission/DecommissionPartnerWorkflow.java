package io.diveops.api.decommission;

import io.diveops.api.lock.LockClient;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runbook decommission-partner: one command offboards a nation. A final backup first (kept);
 * HealthWatch stopped; the federation removed both ways; the stack removed (its volumes only when
 * purged); its secrets disabled (destroyed when purged); its registry entry and matrix rows
 * removed; its schedules removed; the instances that remain verified. Every step finds what is
 * already done, so a run that stopped half-way is finished by running it again.
 */
@WorkflowInterface
public interface DecommissionPartnerWorkflow extends LockClient {
  String TYPE = "DecommissionPartner";

  @WorkflowMethod(name = TYPE)
  DecommissionResult decommission(DecommissionPartnerInput input);
}
