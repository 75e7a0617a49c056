package io.diveops.api.provision;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A partner to provision.
 *
 * @param partner the instance entry exactly as it would stand under {@code instances.<key>} in a
 *     DIVE registry (format v3): code, name, type, enabled, deployment, services, secrets,
 *     keycloak, mongodb, testUsers. Its {@code secrets} block holds secret NAMES, never values: the
 *     input is kept in the run's history.
 * @param key the registry key; null means the lower-cased code
 * @param trust the existing instances it federates with, both ways; null means every enabled one
 * @param dryRun validate and plan only; null means false
 */
public record ProvisionPartnerInput(
    Map<String, Object> partner, String key, List<String> trust, Boolean dryRun) {

  public ProvisionPartnerInput {
    dryRun = Boolean.TRUE.equals(dryRun);
    trust = trust == null ? null : List.copyOf(trust);
  }

  /** The key the partner gets: {@code key}, else its code in lower case; null when neither. */
  public String resolvedKey() {
    if (key != null && !key.isBlank()) {
      return key;
    }
    Object code = partner == null ? null : partner.get("code");
    return code instanceof String c && !c.isBlank() ? c.toLowerCase(Locale.ROOT) : null;
  }
}
