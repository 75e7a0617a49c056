package io.diveops.api.decommission;

/**
 * An instance to take out of the federation.
 *
 * @param instance its registry key
 * @param purge also its volumes and its secrets' values (destroyed, not disabled); null means false
 * @param dryRun plan only; null means false
 */
public record DecommissionPartnerInput(String instance, Boolean purge, Boolean dryRun) {

  public DecommissionPartnerInput {
    purge = Boolean.TRUE.equals(purge);
    dryRun = Boolean.TRUE.equals(dryRun);
  }
}
