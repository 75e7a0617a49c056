package io.diveops.activities.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** Docker creates each copied file with its tar entry's mode: a secret's entry says owner-only. */
class DockerTarTest {
  @Test
  void entriesCarryTheModeAsked() throws IOException {
    byte[] tar =
        DockerEngine.tar(Map.of("dive-v3-broker.json", "{}".getBytes()), DockerEngine.OWNER_ONLY);
    try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      var entry = in.getNextEntry();
      assertThat(entry.getName()).isEqualTo("dive-v3-broker.json");
      assertThat(entry.getMode() & 0777).isEqualTo(0600);
    }
  }
}
