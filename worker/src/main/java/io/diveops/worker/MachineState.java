package io.diveops.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the state of this machine's instances lives (secrets, release records, backups): the same
 * directory the {@code dive-ops} script exports, {@code /var/lib/dive-ops} for root, else {@code
 * $XDG_STATE_HOME/dive-ops} ({@code ~/.local/state/dive-ops}). It belongs to the machine, like the
 * Docker Engine whose containers were made with those secrets, so a worker started by hand, from
 * another checkout or by CI finds the same state the script's worker wrote, never a checkout's own
 * {@code .state/}.
 */
public final class MachineState {
  private MachineState() {}

  public static Path dir() {
    return dir(isRoot(), System.getenv(), System.getProperty("user.home"));
  }

  static Path dir(boolean root, Map<String, String> env, String home) {
    if (root) {
      return Path.of("/var/lib/dive-ops");
    }
    String xdg = env.get("XDG_STATE_HOME");
    // As in the script's ${XDG_STATE_HOME:-$HOME/.local/state}: empty counts as unset.
    return (xdg == null || xdg.isEmpty() ? Path.of(home, ".local", "state") : Path.of(xdg))
        .resolve("dive-ops");
  }

  /** The script asks {@code id -u}; /proc/self belongs to the process's effective user. */
  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (Exception e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
