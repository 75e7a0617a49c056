package io.diveops.api.deploy;

import io.diveops.api.verify.VerificationReport;
import java.util.List;
import java.util.Map;

/**
 * How a deploy ended. {@code failedStep} and {@code failure} say what went wrong when the outcome
 * is ROLLED_BACK, ROLLBACK_FAILED or FAILED (it failed before changing any container: nothing to
 * roll back, nothing to verify); {@code recoveryMs} is the time from the failure being detected to
 * the previous version verified serving.
 */
public record DeployResult(
    String instance,
    DeployOutcome outcome,
    DeployPlan plan,
    Checkpoint checkpoint,
    Map<String, Long> stepMs,
    String failedStep,
    String failure,
    Long recoveryMs,
    List<VerificationReport> verifications) {}
