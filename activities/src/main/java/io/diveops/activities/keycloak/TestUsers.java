package io.diveops.activities.keycloak;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Builds one seeded test account per clearance level for an instance. */
public final class TestUsers {

  private static final List<String> CLEARANCE_BY_LEVEL =
      List.of("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP_SECRET");

  private TestUsers() {}

  /**
   * @param levels clearance levels 1..4 (UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP_SECRET)
   * @param usernameTemplate e.g. {@code testuser-{code}-{level}}; {@code {code}} is the lower-case
   *     instance key
   * @param emailDomain the part after {@code @} of each user's address
   */
  public static List<TestUser> forInstance(
      String instanceKey,
      String countryCode,
      List<Integer> levels,
      String usernameTemplate,
      String emailDomain,
      String password) {
    Objects.requireNonNull(instanceKey, "instanceKey");
    Objects.requireNonNull(countryCode, "countryCode");
    Objects.requireNonNull(usernameTemplate, "usernameTemplate");
    Objects.requireNonNull(emailDomain, "emailDomain");
    Objects.requireNonNull(password, "password");
    String code = instanceKey.toLowerCase(Locale.ROOT);
    return levels.stream()
        .map(level -> user(code, countryCode, level, usernameTemplate, emailDomain, password))
        .toList();
  }

  private static TestUser user(
      String code,
      String countryCode,
      int level,
      String usernameTemplate,
      String emailDomain,
      String password) {
    String username =
        usernameTemplate.replace("{code}", code).replace("{level}", Integer.toString(level));
    return new TestUser(
        username,
        password,
        clearance(level),
        countryCode,
        // The username is already unique within the federation because it embeds the
        // instance code, so it doubles as the federation-wide uniqueID.
        username,
        communities(countryCode, level),
        username + "@" + emailDomain,
        "Test",
        countryCode + " Level " + level,
        countryCode + " Ministry of Defence");
  }

  private static String clearance(int level) {
    if (level < 1 || level > CLEARANCE_BY_LEVEL.size()) {
      throw new IllegalArgumentException("clearance level must be 1..4, was " + level);
    }
    return CLEARANCE_BY_LEVEL.get(level - 1);
  }

  /**
   * Level 1 belongs to no community; levels 2 and 3 to NATO. Level 4 adds FVEY (Five Eyes) only for
   * USA and GBR: the other seeded nations are NATO members but not Five Eyes partners, so a FVEY
   * tag on, say, a French user would make FVEY-restricted test documents pass for someone who must
   * be denied them. CAN, AUS and NZL are Five Eyes too but are not in the seed set.
   */
  private static List<String> communities(String countryCode, int level) {
    if (level <= 1) {
      return List.of();
    }
    if (level >= 4 && isFiveEyesSeed(countryCode)) {
      return List.of("NATO", "FVEY");
    }
    return List.of("NATO");
  }

  private static boolean isFiveEyesSeed(String countryCode) {
    return "USA".equals(countryCode) || "GBR".equals(countryCode);
  }
}
