package io.diveops.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Operator answers travel as lower-case words ("retry"); this turns one into its enum or says what
 * is allowed. Only the exact word is an answer: a run compares the words it stored, so "RETRY"
 * accepted here would be an answer the run never acts on.
 */
public final class Answers {
  private Answers() {}

  /** The constant whose word is {@code word}, or an error naming the word and the allowed ones. */
  public static <E extends Enum<E>> E parse(Class<E> type, String word) {
    String allowed =
        Arrays.stream(type.getEnumConstants()).map(Answers::word).collect(Collectors.joining(", "));
    if (word == null || word.isBlank()) {
      throw new IllegalArgumentException("no answer given: expected one of " + allowed);
    }
    return find(type, word)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown answer '" + word + "': expected one of " + allowed));
  }

  /** The constant whose word is {@code word}, if it is one. */
  public static <E extends Enum<E>> Optional<E> find(Class<E> type, String word) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> word(e).equals(word)).findFirst();
  }

  /** The word an operator types for {@code answer}. */
  public static String word(Enum<?> answer) {
    return answer.name().toLowerCase(Locale.ROOT);
  }
}
