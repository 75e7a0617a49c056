package io.diveops.activities.stack;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's variable interpolation, for the values a diff compares (names, ports, images): {@code
 * $$}, {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code
 * ${VAR:?error}}, {@code ${VAR:+other}}. A variable that is not set and has no default leaves the
 * value unknown: the diff cannot tell what the file says, rather than guessing.
 */
final class ComposeVariables {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\$\\$|\\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)"
              + "|\\$\\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?+])(?<arg>[^}]*))?\\}");

  private final Map<String, String> environment;

  ComposeVariables(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The value Compose would use, or empty with the variable that is missing in {@code missing}. */
  Optional<String> interpolate(String value, StringBuilder missing) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = m.group("plain") != null ? m.group("plain") : m.group("name");
        String op = m.group("op") == null ? "" : m.group("op");
        String set = environment.get(name);
        boolean nonEmpty = set != null && !set.isEmpty();
        replacement =
            switch (op) {
              case ":-" -> nonEmpty ? set : m.group("arg");
              case "-" -> set != null ? set : m.group("arg");
              case ":+" -> nonEmpty ? m.group("arg") : "";
              case "+" -> set != null ? m.group("arg") : "";
              default -> set; // plain, ${VAR}, ${VAR:?…}, ${VAR?…}
            };
        if (replacement == null) {
          missing.append(name);
          return Optional.empty();
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }
}
