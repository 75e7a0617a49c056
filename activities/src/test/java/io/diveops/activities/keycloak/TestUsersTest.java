package io.diveops.activities.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestUsersTest {

  private static List<TestUser> users(String key, String country) {
    return TestUsers.forInstance(
        key, country, List.of(1, 2, 3, 4), "testuser-{code}-{level}", "dive.local", "pw");
  }

  @Test
  void clearanceFollowsLevel() {
    assertThat(users("FRA", "FRA"))
        .extracting(TestUser::clearance)
        .containsExactly("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP_SECRET");
  }

  @Test
  void usernameUsesLowerCaseInstanceKeyAndDoublesAsUniqueId() {
    List<TestUser> users = users("FRA", "FRA");
    assertThat(users)
        .extracting(TestUser::username)
        .containsExactly("testuser-fra-1", "testuser-fra-2", "testuser-fra-3", "testuser-fra-4");
    assertThat(users).allSatisfy(u -> assertThat(u.uniqueId()).isEqualTo(u.username()));
    assertThat(users.get(0).email()).isEqualTo("testuser-fra-1@dive.local");
    assertThat(users).allSatisfy(u -> assertThat(u.countryOfAffiliation()).isEqualTo("FRA"));
    assertThat(users).allSatisfy(u -> assertThat(u.password()).isEqualTo("pw"));
  }

  @Test
  void communitiesForNonFiveEyesNation() {
    assertThat(users("fra", "FRA"))
        .extracting(TestUser::acpCoi)
        .containsExactly(List.of(), List.of("NATO"), List.of("NATO"), List.of("NATO"));
  }

  @Test
  void topSecretInUsaAndGbrAlsoGetsFiveEyes() {
    assertThat(users("usa", "USA").get(3).acpCoi()).containsExactly("NATO", "FVEY");
    assertThat(users("gbr", "GBR").get(3).acpCoi()).containsExactly("NATO", "FVEY");
    assertThat(users("usa", "USA").get(2).acpCoi()).containsExactly("NATO");
  }

  @Test
  void onlyRequestedLevelsAreCreated() {
    List<TestUser> users =
        TestUsers.forInstance("deu", "DEU", List.of(3), "tu-{code}-{level}", "d.local", "pw");
    assertThat(users)
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.username()).isEqualTo("tu-deu-3");
              assertThat(u.clearance()).isEqualTo("SECRET");
            });
  }

  @Test
  void rejectsLevelOutsideOneToFour() {
    assertThatThrownBy(
            () -> TestUsers.forInstance("fra", "FRA", List.of(5), "u-{level}", "d", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5");
  }
}
