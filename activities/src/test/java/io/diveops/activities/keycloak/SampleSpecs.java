package io.diveops.activities.keycloak;

import java.util.List;

/** A France instance federated with the USA and GBR, with secrets that are easy to grep for. */
final class SampleSpecs {

  static final String CLIENT_SECRET = "client-secret-7f3a9c";
  static final String USER_PASSWORD = "user-password-41be0d";
  static final String USA_SECRET = "usa-partner-secret-93d1";
  static final String GBR_SECRET = "gbr-partner-secret-c2e8";
  static final String USA_CLIENT_SECRET = "usa-federation-client-secret-5b0e";

  private SampleSpecs() {}

  static RealmSpec france() {
    return new RealmSpec(
        "dive-v3-broker",
        "fra",
        "FRA",
        "France",
        "dive-v3-client-broker",
        CLIENT_SECRET,
        List.of("http://127.0.0.1:13001/*"),
        TestUsers.forInstance(
            "fra",
            "FRA",
            List.of(1, 2, 3, 4),
            "testuser-{code}-{level}",
            "fra.dive.local",
            USER_PASSWORD),
        List.of(
            new PartnerIdp(
                "usa",
                "USA",
                "United States",
                "http://127.0.0.1:18080/realms/dive-v3-broker",
                "http://dive-v3-keycloak-usa:8080/realms/dive-v3-broker",
                "dive-v3-fra-federation",
                USA_SECRET),
            new PartnerIdp(
                "GBR",
                "GBR",
                "United Kingdom",
                "http://127.0.0.1:18082/realms/dive-v3-broker/",
                "http://dive-v3-keycloak-gbr:8080/realms/dive-v3-broker/",
                "dive-v3-fra-federation",
                GBR_SECRET)),
        List.of(
            new FederationClient(
                "usa",
                "http://127.0.0.1:18080/realms/dive-v3-broker/broker/fra-federation/endpoint",
                USA_CLIENT_SECRET)));
  }
}
