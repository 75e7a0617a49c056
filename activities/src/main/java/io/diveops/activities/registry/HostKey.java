package io.diveops.activities.registry;

import java.util.Locale;
import java.util.Set;

/** Names one Docker host, so that "localhost" and "127.0.0.1" count as the same machine. */
public final class HostKey {
  private static final Set<String> LOOPBACK = Set.of("", "localhost", "127.0.0.1", "::1", "[::1]");

  private HostKey() {}

  /** "localhost" for this machine (however written), else the host name in lower case. */
  public static String of(Instance instance) {
    String host = instance.deployment() == null ? null : instance.deployment().host();
    String normal = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
    return LOOPBACK.contains(normal) ? "localhost" : normal;
  }

  public static boolean isLocal(Instance instance) {
    return of(instance).equals("localhost");
  }
}
