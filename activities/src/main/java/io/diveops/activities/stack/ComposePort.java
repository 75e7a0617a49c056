package io.diveops.activities.stack;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a compose service's {@code ports}, in either syntax: {@code "[ip:][host:]container
 * [/protocol]"} or {@code {target, published, host_ip, protocol}}.
 *
 * @param published the host port; null when Compose picks one (or none is given)
 */
public record ComposePort(String hostIp, Integer published, int target, String protocol) {
  private static final Pattern SHORT =
      Pattern.compile(
          "^(?:(?:(?<ip>\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[A-Za-z0-9.-]+):)?(?<host>[0-9]*):)?"
              + "(?<target>[0-9]+)(?:/(?<protocol>tcp|udp|sctp))?$");

  /**
   * @param entry a value interpolation has already filled in: a number, a string or a map
   * @throws IllegalArgumentException naming what cannot be read (port ranges among them)
   */
  public static ComposePort parse(Object entry) {
    if (entry instanceof Number number) {
      return new ComposePort(null, null, number.intValue(), "tcp");
    }
    if (entry instanceof Map<?, ?> map) {
      Object target = map.get("target");
      if (target == null) {
        throw new IllegalArgumentException("a port without a target: " + map);
      }
      Object published = map.get("published");
      Object ip = map.get("host_ip");
      Object protocol = map.get("protocol");
      return new ComposePort(
          ip == null ? null : ip.toString(),
          published == null || published.toString().isEmpty() ? null : number(published, map),
          number(target, map),
          protocol == null ? "tcp" : protocol.toString());
    }
    String text = String.valueOf(entry).strip();
    Matcher m = SHORT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a port mapping this diff reads: '" + text + "'");
    }
    String ip = m.group("ip");
    String host = m.group("host");
    return new ComposePort(
        ip == null ? null : ip.replaceAll("^\\[|\\]$", ""),
        host == null || host.isEmpty() ? null : Integer.valueOf(host),
        Integer.parseInt(m.group("target")),
        m.group("protocol") == null ? "tcp" : m.group("protocol"));
  }

  private static int number(Object value, Object entry) {
    try {
      return Integer.parseInt(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port number: '" + value + "' in " + entry);
    }
  }

  /** As a short entry would say it, without the default protocol. */
  public String text() {
    return (hostIp == null ? "" : hostIp + ":")
        + (published == null ? (hostIp == null ? "" : ":") : published + ":")
        + target
        + (protocol.equals("tcp") ? "" : "/" + protocol);
  }
}
