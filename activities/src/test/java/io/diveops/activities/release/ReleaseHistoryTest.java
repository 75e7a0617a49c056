package io.diveops.activities.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release record: what makes an instance "provisioned", and the history rollback reads. */
class ReleaseHistoryTest {
  @TempDir Path dir;

  @Test
  void anInstanceNeverBroughtUpHasNoCurrentRelease() {
    ReleaseHistory history = new ReleaseHistory(dir);
    assertThat(history.state("gbr").current()).isNull();
    assertThat(history.state("gbr").history()).isEmpty();
    assertThat(Files.exists(history.file("gbr"))).isFalse();
  }

  @Test
  void broughtUpTakenDownAndUpAgainKeepsTheHistory() {
    ReleaseHistory history = new ReleaseHistory(dir);
    history.provisioned("gbr", "1.0.0");
    assertThat(history.state("gbr").current()).isEqualTo("1.0.0");
    history.deployed("gbr", "1.1.0", "1.0.0");
    history.removed("gbr");
    assertThat(history.state("gbr").current()).as("taken down on purpose: not provisioned").isNull();
    assertThat(history.state("gbr").history()).containsExactly("1.0.0", "1.1.0");
    history.provisioned("gbr", "1.0.0");
    assertThat(history.state("gbr").current()).isEqualTo("1.0.0");
    assertThat(history.state("gbr").history()).containsExactly("1.0.0", "1.1.0", "1.0.0");
  }

  @Test
  void theCurrentReleaseIsTheLastVerifiedDeployAndARedeployIsNotRepeatedInTheHistory() {
    ReleaseHistory history = new ReleaseHistory(dir);
    history.deployed("usa", "1.0.0", null);
    history.deployed("usa", "1.1.0", "1.0.0");
    history.deployed("usa", "1.1.0", "1.1.0");
    assertThat(history.state("usa").current()).isEqualTo("1.1.0");
    assertThat(history.state("usa").history()).containsExactly("1.0.0", "1.1.0");
    assertThat(history.state("fra").current()).as("one record per instance").isNull();
  }

  @Test
  void aRecordFromANewerWorkerStillGivesTheCurrentRelease() throws Exception {
    ReleaseHistory history = new ReleaseHistory(dir);
    Files.createDirectories(history.file("gbr").getParent());
    Files.writeString(history.file("gbr"), "{\"current\": \"1.1.0\", \"history\": [\"1.1.0\"], \"deployedBy\": \"run-7\"}");
    assertThat(history.state("gbr").current()).isEqualTo("1.1.0");
  }

  @Test
  void anUnreadableRecordIsAnErrorNamingTheFileNotAnInstanceNeverBroughtUp() throws Exception {
    ReleaseHistory history = new ReleaseHistory(dir);
    Files.createDirectories(history.file("gbr").getParent());
    Files.writeString(history.file("gbr"), "{\"current\": ");
    assertThatThrownBy(() -> history.state("gbr")).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(history.file("gbr").toString());
  }

  @Test
  void bringingUpAStackThatADeployRecordedKeepsTheDeploysRelease() {
    ReleaseHistory history = new ReleaseHistory(dir);
    history.deployed("fra", "1.1.0", "1.0.0");
    history.provisioned("fra", "1.0.0");
    assertThat(history.state("fra").current()).isEqualTo("1.1.0");
    assertThat(history.state("fra").history()).containsExactly("1.0.0", "1.1.0");
  }
}
