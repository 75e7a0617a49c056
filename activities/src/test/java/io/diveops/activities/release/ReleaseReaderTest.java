package io.diveops.activities.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest release is told by version, not by name: 1.10.0 follows 1.9.2. */
class ReleaseReaderTest {
  @TempDir Path dir;

  @Test
  void versionsAreOrderedNumberByNumber() throws Exception {
    for (String version : new String[] {"1.9.2", "1.10.0", "1.0.0", "0.9", "notes"}) {
      Files.writeString(dir.resolve(version + ".json"), "{}");
    }
    Files.writeString(dir.resolve("README.md"), "not a release");
    ReleaseReader reader = new ReleaseReader(dir);
    assertThat(reader.versions()).containsExactly("0.9", "1.0.0", "1.9.2", "1.10.0", "notes");
    assertThat(ReleaseReader.compareVersions("1.10.0", "1.9.2")).isPositive();
    assertThat(ReleaseReader.compareVersions("1.0", "1.0.1")).isNegative();
    assertThat(ReleaseReader.compareVersions("2.0.0", "2.0.0")).isZero();
  }

  @Test
  void theNewestOfNoneIsNone() {
    assertThat(new ReleaseReader(dir.resolve("absent")).newest()).isEmpty();
    assertThat(
            new ReleaseReader(Path.of(System.getProperty("dive.root", ".."), "releases")).newest())
        .contains("1.1.0");
  }
}
