package io.diveops.api.federation;

/** How long one step of a brokered login took, and whether it passed. */
public record StepTiming(FederationStep step, boolean passed, long latencyMs) {}
