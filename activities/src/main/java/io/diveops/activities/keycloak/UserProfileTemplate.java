package io.diveops.activities.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The realm's declarative user profile. Since Keycloak 24 the user profile is always on and
 * silently drops attributes it does not declare, so without this the DIVE claims would vanish from
 * imported users and from brokered logins.
 *
 * <p>Keycloak keeps the profile as a {@code declarative-user-profile} component whose single config
 * value {@code kc.user.profile.config} is the UPConfig serialized as a JSON <em>string</em> (not a
 * nested object); a realm export of 23+ has exactly that shape, which is why the import accepts it.
 */
final class UserProfileTemplate {

  static final String PROVIDER_TYPE = "org.keycloak.userprofile.UserProfileProvider";
  static final String PROVIDER_ID = "declarative-user-profile";
  static final String CONFIG_KEY = "kc.user.profile.config";

  private static final int MAX_LENGTH = 255;

  private final ObjectMapper mapper;

  UserProfileTemplate(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The value to put under {@code components} in the realm representation. */
  ObjectNode components() {
    ObjectNode component = mapper.createObjectNode();
    component.put("providerId", PROVIDER_ID);
    component.putObject("subComponents");
    component.putObject("config").putArray(CONFIG_KEY).add(serialize(upConfig()));

    ObjectNode components = mapper.createObjectNode();
    components.putArray(PROVIDER_TYPE).add(component);
    return components;
  }

  /** The UPConfig document, as {@code GET /admin/realms/{realm}/users/profile} would return it. */
  ObjectNode upConfig() {
    ObjectNode config = mapper.createObjectNode();
    ArrayNode attributes = config.putArray("attributes");
    // Keycloak's defaults for the four built-in attributes; restating them is required because
    // this document replaces the default profile rather than extending it.
    attributes.add(username());
    attributes.add(email());
    attributes.add(personName("firstName"));
    attributes.add(personName("lastName"));
    for (DiveClaim claim : DiveClaim.values()) {
      attributes.add(diveAttribute(claim));
    }
    config.putArray("groups").add(userMetadataGroup());
    // Anything else a partner IdP or an operator adds stays storable, but only admins can see or
    // change it, so end users cannot promote themselves through the account console.
    config.put("unmanagedAttributePolicy", "ADMIN_EDIT");
    return config;
  }

  private ObjectNode username() {
    ObjectNode attribute = attribute("username", "${username}", false);
    ObjectNode validations = attribute.putObject("validations");
    validations.putObject("length").put("min", 3).put("max", MAX_LENGTH);
    validations.putObject("username-prohibited-characters");
    validations.putObject("up-username-not-idn-homograph");
    permissions(attribute, List.of("admin", "user"), List.of("admin", "user"));
    return attribute;
  }

  private ObjectNode email() {
    ObjectNode attribute = attribute("email", "${email}", false);
    ObjectNode validations = attribute.putObject("validations");
    validations.putObject("email");
    validations.putObject("length").put("max", MAX_LENGTH);
    attribute.putObject("required").putArray("roles").add("user");
    permissions(attribute, List.of("admin", "user"), List.of("admin", "user"));
    return attribute;
  }

  private ObjectNode personName(String name) {
    ObjectNode attribute = attribute(name, "${" + name + "}", false);
    ObjectNode validations = attribute.putObject("validations");
    validations.putObject("length").put("max", MAX_LENGTH);
    validations.putObject("person-name-prohibited-characters");
    attribute.putObject("required").putArray("roles").add("user");
    permissions(attribute, List.of("admin", "user"), List.of("admin", "user"));
    return attribute;
  }

  /**
   * Not required, because users brokered from a partner that omits a claim must still be able to
   * log in; the policy engine treats a missing clearance as the lowest one. Admin-only, because
   * these attributes are authorization inputs a user must never edit about themselves.
   */
  private ObjectNode diveAttribute(DiveClaim claim) {
    ObjectNode attribute =
        attribute(claim.attributeName(), claim.displayName(), claim.multivalued());
    attribute.putObject("validations").putObject("length").put("max", MAX_LENGTH);
    permissions(attribute, List.of("admin"), List.of("admin"));
    return attribute;
  }

  private ObjectNode attribute(String name, String displayName, boolean multivalued) {
    ObjectNode attribute = mapper.createObjectNode();
    attribute.put("name", name);
    attribute.put("displayName", displayName);
    attribute.put("multivalued", multivalued);
    return attribute;
  }

  private static void permissions(ObjectNode attribute, List<String> view, List<String> edit) {
    ObjectNode permissions = attribute.putObject("permissions");
    view.forEach(permissions.putArray("view")::add);
    edit.forEach(permissions.putArray("edit")::add);
  }

  private ObjectNode userMetadataGroup() {
    // Kept from Keycloak's default profile so the admin console renders as it does elsewhere.
    ObjectNode group = mapper.createObjectNode();
    group.put("name", "user-metadata");
    group.put("displayHeader", "User metadata");
    group.put("displayDescription", "Attributes, which refer to user metadata");
    return group;
  }

  private String serialize(ObjectNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the user profile", e);
    }
  }
}
