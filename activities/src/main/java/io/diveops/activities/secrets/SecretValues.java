package io.diveops.activities.secrets;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** What every store shares: which names are secret names, and how a fresh value is made. */
final class SecretValues {
  /** Secret Manager ids: letters, digits, '-' and '_', at most 255 characters. */
  static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretValues() {}

  static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a secret name: '" + name + "'");
    }
    return name;
  }

  /**
   * Letters and digits with a mixed-case prefix and a digit and symbol suffix satisfy DIVE's
   * password policy (16+ characters, upper, lower, digit, special).
   */
  static String fresh() {
    StringBuilder value = new StringBuilder("Dv");
    for (int i = 0; i < 22; i++) {
      value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return value.append("7-").toString();
  }
}
