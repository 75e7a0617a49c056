package io.diveops.activities.health;

/**
 * One look at one service: what Docker says of its container and what its health endpoint answers.
 *
 * @param status {@link #HEALTHY}, {@link #STARTING} (within its start period: not a failure yet) or
 *     {@link #UNHEALTHY}
 * @param detail what was seen, e.g. "exited (code 137)" or "GET /health: 503"; never a secret
 */
public record ServiceHealth(String service, String container, String status, String detail) {
  public static final String HEALTHY = "healthy";
  public static final String STARTING = "starting";
  public static final String UNHEALTHY = "unhealthy";

  public boolean healthy() {
    return HEALTHY.equals(status);
  }

  public boolean unhealthy() {
    return UNHEALTHY.equals(status);
  }
}
