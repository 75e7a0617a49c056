package io.diveops.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Operator answers travel as lower-case words ("retry"); this turns one into its enum or says what
 * is allowed.
 */
public final class Answers {
  private Answers() {}

  /**
   * The constant named {@code word} (any case), or an error naming the word and the allowed ones.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String word) {
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    if (word == null || word.isBlank()) {
      throw new IllegalArgumentException("no answer given: expected one of " + allowed);
    }
    try {
      return Enum.valueOf(type, word.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown answer '" + word + "': expected one of " + allowed);
    }
  }

  /** The word an operator types for {@code answer}. */
  public static String word(Enum<?> answer) {
    return answer.name().toLowerCase(Locale.ROOT);
  }
}
