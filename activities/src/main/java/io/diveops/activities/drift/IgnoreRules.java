package io.diveops.activities.drift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.api.drift.DriftItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The drift a team has decided to live with, in a file in the repository ({@code
 * config/drift-ignore.json}), each rule with a reason. Every rule is counted, hiding something or
 * not, so no rule works out of sight.
 *
 * <pre>{"rules": [{"id": "...", "instance": "*", "resource": "container *", "path": "env.X",
 *   "category": "changed", "reason": "..."}]}</pre>
 *
 * A field left out matches anything; {@code *} in a value matches any run of characters.
 */
public final class IgnoreRules {
  private static final ObjectMapper JSON = new ObjectMapper();

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Rule(
      String id, String instance, String resource, String path, String category, String reason) {
    boolean hides(DriftItem item) {
      return matches(instance, item.instance())
          && matches(resource, item.resource())
          && matches(path, item.path())
          && matches(category, item.category().label());
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record File(List<Rule> rules) {}

  /** What is left, and per rule id how many items it hid. */
  public record Applied(List<DriftItem> kept, Map<String, Integer> hidden) {}

  private final List<Rule> rules;

  public IgnoreRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * The rules of a file; none when the file does not exist. A rule without an id or a reason makes
   * the file unusable: an ignore rule must say why.
   */
  public static IgnoreRules read(Path file) {
    if (!Files.exists(file)) {
      return new IgnoreRules(List.of());
    }
    File parsed;
    try {
      parsed = JSON.readValue(file.toFile(), File.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("ignore rules " + file + " cannot be read: " + e, e);
    }
    List<Rule> rules = parsed.rules() == null ? List.of() : parsed.rules();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (blank(rule.id()) || blank(rule.reason())) {
        throw new IllegalArgumentException(
            "ignore rules " + file + ": /rules/" + i + " needs an id and a reason");
      }
    }
    return new IgnoreRules(rules);
  }

  public Applied apply(List<DriftItem> items) {
    Map<String, Integer> hidden = new LinkedHashMap<>();
    rules.forEach(rule -> hidden.put(rule.id(), 0));
    List<DriftItem> kept = new ArrayList<>();
    for (DriftItem item : items) {
      Rule hiding = rules.stream().filter(rule -> rule.hides(item)).findFirst().orElse(null);
      if (hiding == null) {
        kept.add(item);
      } else {
        hidden.merge(hiding.id(), 1, Integer::sum);
      }
    }
    return new Applied(kept, hidden);
  }

  static boolean matches(String pattern, String value) {
    if (pattern == null) {
      return true;
    }
    String regex =
        java.util.Arrays.stream(pattern.split("\\*", -1))
            .map(Pattern::quote)
            .reduce((a, b) -> a + ".*" + b)
            .orElse("");
    return value != null && value.matches(regex);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
