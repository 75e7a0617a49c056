package io.diveops.api.deploy;

import java.util.List;

/**
 * @param services a subset of the instance's services to deploy; null or empty means all
 * @param dryRun return the plan and touch nothing
 */
public record DeployInput(String instance, String release, List<String> services, boolean dryRun) {}
