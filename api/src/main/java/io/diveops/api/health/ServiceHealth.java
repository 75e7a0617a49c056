package io.diveops.api.health;

/**
 * One look at one service: what Docker says of its container and what its health endpoint answers.
 *
 * @param status {@link #HEALTHY}, {@link #STARTING} (within its start period: not a failure yet),
 *     {@link #UNHEALTHY} or {@link #NOT_PROVISIONED} (its instance was never brought up, or was
 *     taken down on purpose: nothing to recover)
 * @param detail what was seen, e.g. "exited (code 137)" or "GET /health: 503"; never a secret
 */
public record ServiceHealth(String service, String container, String status, String detail) {
  public static final String HEALTHY = "healthy";
  public static final String STARTING = "starting";
  public static final String UNHEALTHY = "unhealthy";
  public static final String NOT_PROVISIONED = "not provisioned";

  public boolean healthy() {
    return HEALTHY.equals(status);
  }

  public boolean unhealthy() {
    return UNHEALTHY.equals(status);
  }

  public boolean starting() {
    return STARTING.equals(status);
  }

  public boolean notProvisioned() {
    return NOT_PROVISIONED.equals(status);
  }
}
