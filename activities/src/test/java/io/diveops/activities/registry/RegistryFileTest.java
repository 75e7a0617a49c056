package io.diveops.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Path SANDBOX =
      SandboxRegistry.ROOT.resolve("config/federation-registry.json");

  @TempDir Path dir;

  @Test
  void theRepositorysRegistryAndDivesOwnAreWrittenBackByteForByte() throws IOException {
    for (Path file : new Path[] {SANDBOX, RealRegistry.FILE}) {
      String text = Files.readString(file);
      // DIVE's file ends without a newline; ours ends with one.
      assertThat(RegistryFile.text(JSON.readTree(text)))
          .as(file.toString())
          .isEqualTo(text.endsWith("\n") ? text : text + "\n");
    }
  }

  @Test
  void emptyObjectsAndArraysAreClosedOnTheirLine() throws IOException {
    assertThat(RegistryFile.text(JSON.readTree("{\"a\":{},\"b\":[],\"c\":[1,{\"d\":[]}]}")))
        .isEqualTo(
            "{\n  \"a\": {},\n  \"b\": [],\n  \"c\": [\n    1,\n    {\n      \"d\": []\n    }\n  ]\n}\n");
  }

  @Test
  void aReplacedRegistryIsWholeAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("federation-registry.json");
    Files.copy(SANDBOX, file);
    ObjectNode changed = (ObjectNode) JSON.readTree(file.toFile());
    changed.with("metadata").put("maintainer", "someone else");

    new RegistryFile().replace(file, changed, "test");

    assertThat(JSON.readTree(file.toFile())).isEqualTo(changed);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aTextThatIsNotARegistryIsNotRenamedIntoPlace() throws IOException {
    Path file = dir.resolve("federation-registry.json");
    Files.copy(SANDBOX, file);
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(
            () -> new RegistryFile().replace(file, JSON.readTree("{\"instances\": 3}"), "test"))
        .hasMessageContaining("does not read back");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }
}
