package io.diveops.activities.registry;

import io.diveops.api.registry.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Cloudflare tunnel serves exactly one instance: a shared tunnel id would route one nation's
 * traffic to another's stack. Ids must be the lower-case UUIDs Cloudflare issues.
 */
public class TunnelRule implements RegistryRule {
  static final Pattern TUNNEL_ID =
      Pattern.compile("^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$");

  @Override
  public List<Finding> errors(FederationRegistry registry, RegistryDocument document) {
    List<Finding> errors = new ArrayList<>();
    Map<String, String> ids = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    for (var entry : registry.instances().entrySet()) {
      Instance.Cloudflare tunnel = entry.getValue().cloudflare();
      if (tunnel == null) {
        continue;
      }
      String base = RegistryDocument.instancePath(entry.getKey()) + ".cloudflare";
      String id = tunnel.tunnelId();
      if (id != null) {
        if (!TUNNEL_ID.matcher(id).matches()) {
          errors.add(
              new Finding(
                  base + ".tunnelId",
                  "tunnel-id-format",
                  "'" + id + "' is not a lower-case tunnel UUID"));
        }
        unique(ids, errors, id, base + ".tunnelId", "duplicate-tunnel-id", "tunnel id");
      }
      if (tunnel.tunnelName() != null) {
        unique(
            names,
            errors,
            tunnel.tunnelName(),
            base + ".tunnelName",
            "duplicate-tunnel-name",
            "tunnel name");
      }
    }
    return errors;
  }

  private static void unique(
      Map<String, String> seen,
      List<Finding> errors,
      String value,
      String path,
      String rule,
      String what) {
    String previous = seen.putIfAbsent(value, path);
    if (previous != null) {
      errors.add(new Finding(path, rule, what + " '" + value + "' is already used by " + previous));
    }
  }
}
