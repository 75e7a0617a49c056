package io.diveops.activities.keycloak;

import java.util.List;
import java.util.Objects;

/**
 * A seeded local account whose attributes carry the DIVE authorization claims.
 *
 * <p>{@link #toString()} redacts the password: records print every component by default, and these
 * objects travel through workflow logs.
 */
public record TestUser(
    String username,
    String password,
    String clearance,
    String countryOfAffiliation,
    String uniqueId,
    List<String> acpCoi,
    String email,
    String firstName,
    String lastName,
    String organization) {

  public TestUser {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(clearance, "clearance");
    Objects.requireNonNull(countryOfAffiliation, "countryOfAffiliation");
    Objects.requireNonNull(uniqueId, "uniqueId");
    acpCoi = List.copyOf(Objects.requireNonNull(acpCoi, "acpCoi"));
  }

  @Override
  public String toString() {
    return "TestUser[username="
        + username
        + ", password="
        + Redaction.mask(password)
        + ", clearance="
        + clearance
        + ", countryOfAffiliation="
        + countryOfAffiliation
        + ", uniqueId="
        + uniqueId
        + ", acpCoi="
        + acpCoi
        + ", email="
        + email
        + ", firstName="
        + firstName
        + ", lastName="
        + lastName
        + ", organization="
        + organization
        + "]";
  }
}
