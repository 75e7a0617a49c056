package io.diveops.activities.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Secrets reach the realm file but must never reach a log line through toString(). */
class SecretRedactionTest {

  private final RealmSpec spec = SampleSpecs.france();

  @Test
  void realmSpecHidesEverySecretItCarries() {
    assertThat(spec.toString())
        .contains("dive-v3-broker", "dive-v3-client-broker", "testuser-fra-1", "usa")
        .doesNotContain(
            SampleSpecs.CLIENT_SECRET,
            SampleSpecs.USER_PASSWORD,
            SampleSpecs.USA_SECRET,
            SampleSpecs.GBR_SECRET);
  }

  @Test
  void testUserHidesPassword() {
    TestUser user = spec.testUsers().get(0);
    assertThat(user.toString())
        .contains("testuser-fra-1", Redaction.REDACTED)
        .doesNotContain(SampleSpecs.USER_PASSWORD);
  }

  @Test
  void partnerHidesClientSecret() {
    PartnerIdp partner = spec.partners().get(0);
    assertThat(partner.toString())
        .contains("dive-v3-fra-federation", Redaction.REDACTED)
        .doesNotContain(SampleSpecs.USA_SECRET);
  }

  @Test
  void renderedRealmDoesCarryTheSecrets() {
    // The counterpart: redaction is only for logs, the import file needs the real values.
    String json = new RealmTemplate().toJson(spec);
    assertThat(json)
        .contains(
            SampleSpecs.CLIENT_SECRET,
            SampleSpecs.USER_PASSWORD,
            SampleSpecs.USA_SECRET,
            SampleSpecs.GBR_SECRET);
  }
}
