package io.diveops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sandbox images' start scripts never put a password into a program's arguments, which every
 * process on the host can read (ps, /proc/<pid>/cmdline): shell builtins (the `:` guard, printf
 * into a file) and here-documents (stdin, config files) are where a password may appear.
 */
class SandboxImagePasswordsTest {
  static final Path IMAGES =
      Path.of(System.getProperty("dive.root", "..")).resolve("sandbox/images");
  private static final Pattern PASSWORD = Pattern.compile("\\$\\{?[A-Z_]*PASSWORD");
  private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*'?\"?([A-Za-z_]+)");
  private static final Set<String> BUILTINS = Set.of(":", "printf", "echo", "export", "local");

  @Test
  void noPasswordOnAnyCommandLine() throws IOException {
    List<String> offenders = new ArrayList<>();
    List<Path> scripts;
    try (Stream<Path> files = Files.walk(IMAGES)) {
      scripts = files.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
    }
    assertThat(scripts)
        .extracting(p -> IMAGES.relativize(p).toString())
        .contains("postgres/entrypoint.sh", "redis/entrypoint.sh");
    for (Path script : scripts) {
      offenders.addAll(offenders(script, Files.readAllLines(script)));
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void theCheckCatchesAPasswordPassedAsAPsqlVariable() {
    List<String> lines =
        List.of(
            "runuser -u postgres -- psql -q \\",
            "  -v pw=\"$POSTGRES_PASSWORD\" <<'SQL'",
            "CREATE ROLE x PASSWORD :'pw';",
            "SQL");
    assertThat(offenders(Path.of("old.sh"), lines)).singleElement().asString().contains("-v pw=");
  }

  /**
   * Logical command lines (continuations joined, here-document bodies skipped) that pass a
   * password.
   */
  static List<String> offenders(Path script, List<String> lines) {
    List<String> found = new ArrayList<>();
    String heredocEnd = null;
    StringBuilder command = new StringBuilder();
    for (String line : lines) {
      if (heredocEnd != null) {
        if (line.strip().equals(heredocEnd)) {
          heredocEnd = null;
        }
        continue;
      }
      if (line.strip().startsWith("#")) {
        continue;
      }
      command.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line).append(' ');
      if (line.endsWith("\\")) {
        continue;
      }
      String logical = command.toString().strip();
      command.setLength(0);
      Matcher heredoc = HEREDOC.matcher(logical);
      if (heredoc.find()) {
        heredocEnd = heredoc.group(1);
      }
      for (String simple : logical.split("&&|\\|\\||;|\\|")) {
        String words = simple.strip();
        String first = words.isEmpty() ? "" : words.split("\\s+")[0];
        String beforeRedirect = words.split("<<|>")[0];
        if (PASSWORD.matcher(beforeRedirect).find() && !BUILTINS.contains(first)) {
          found.add(script + ": " + words);
        }
      }
    }
    return found;
  }
}
