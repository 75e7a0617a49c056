package io.diveops.api.registry;

/**
 * One problem found in a registry: where (a JSON path such as {@code $.instances.fra.services}),
 * which rule, and what is wrong in words an operator can act on.
 */
public record Finding(String path, String rule, String message) {

  /** The one-line form the CLI prints: path, rule, message. */
  public String line() {
    return path + "  [" + rule + "]  " + message;
  }
}
