package io.diveops.activities.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class IdentityProviderStateTest {
  private final ObjectMapper json = new ObjectMapper();

  private ObjectNode idp(boolean enabled, String validateSignature, String pkce) {
    ObjectNode idp = json.createObjectNode().put("alias", "fra-federation").put("enabled", enabled);
    idp.putObject("config").put("validateSignature", validateSignature).put("pkceEnabled", pkce);
    return idp;
  }

  @Test
  void aProviderInDivesShapeIsEnabled() {
    assertThat(VerifyActivitiesImpl.identityProviderState(idp(true, "true", "true")))
        .isEqualTo("enabled");
  }

  @Test
  void missingDisabledAndWeakenedProvidersAreNamed() {
    assertThat(VerifyActivitiesImpl.identityProviderState(null)).isEqualTo("missing");
    assertThat(VerifyActivitiesImpl.identityProviderState(idp(false, "true", "true")))
        .isEqualTo("DISABLED");
    assertThat(VerifyActivitiesImpl.identityProviderState(idp(true, "false", "false")))
        .isEqualTo("enabled but signature validation off, PKCE off");
  }
}
