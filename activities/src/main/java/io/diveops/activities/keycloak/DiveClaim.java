package io.diveops.activities.keycloak;

/**
 * The user attributes DIVE V3 authorizes on (and the organization it shows). Each is stored under
 * the same name as a user attribute, emitted as a token claim, and imported from partner tokens, so
 * one name serves all three places and the federation stays symmetric.
 */
public enum DiveClaim {
  CLEARANCE("clearance", "Clearance", false),
  COUNTRY_OF_AFFILIATION("countryOfAffiliation", "Country of affiliation", false),
  UNIQUE_ID("uniqueID", "Unique ID", false),
  ACP_COI("acpCOI", "Communities of interest", true),
  ORGANIZATION("organization", "Organization", false);

  private final String attributeName;
  private final String displayName;
  private final boolean multivalued;

  DiveClaim(String attributeName, String displayName, boolean multivalued) {
    this.attributeName = attributeName;
    this.displayName = displayName;
    this.multivalued = multivalued;
  }

  public String attributeName() {
    return attributeName;
  }

  String displayName() {
    return displayName;
  }

  public boolean multivalued() {
    return multivalued;
  }
}
