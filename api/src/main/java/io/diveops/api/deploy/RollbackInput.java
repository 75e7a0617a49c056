package io.diveops.api.deploy;

/**
 * @param toRelease the release to go back to; null means the last one that verified before the
 *     current
 */
public record RollbackInput(String instance, String toRelease) {}
