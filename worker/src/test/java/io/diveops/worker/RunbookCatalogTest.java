package io.diveops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.workflows.Runbooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One workflow type ↔ one doc ↔ one launcher, with nothing missing on either side. */
class RunbookCatalogTest {
  static final Path ROOT = Path.of(System.getProperty("dive.root", ".."));
  static final List<String> SECTIONS =
      List.of(
          "## Purpose",
          "## Trigger",
          "## Input",
          "## Steps",
          "## Compensation",
          "## Escalation",
          "## Success criteria",
          "## Manual fallback");
  private static final Pattern INPUT_EXAMPLE =
      Pattern.compile("## Input\\s*\\n+```json\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everyRegisteredWorkflowTypeHasADocAndALauncher() {
    assertThat(RunbookCatalog.runbookIds()).isNotEmpty();
    for (String id : RunbookCatalog.runbookIds()) {
      assertThat(ROOT.resolve("docs/runbooks/" + id + ".md")).as("doc of " + id).isRegularFile();
      Path launcher = ROOT.resolve("runbooks/" + id + ".sh");
      assertThat(launcher).as("launcher of " + id).isRegularFile();
      assertThat(Files.isExecutable(launcher)).as(launcher + " is executable").isTrue();
    }
  }

  @Test
  void everyDocAndLauncherBelongsToARegisteredWorkflowType() throws IOException {
    var registered = new TreeSet<>(RunbookCatalog.runbookIds());
    assertThat(names(ROOT.resolve("docs/runbooks"), ".md")).isSubsetOf(registered);
    assertThat(names(ROOT.resolve("runbooks"), ".sh")).isSubsetOf(registered);
  }

  @Test
  void everyDocHasTheSectionsAndAnInputExampleThatParses() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> types = RunbookCatalog.workflowTypes(RunbookCatalog.RUNBOOKS);
    for (String type : types) {
      Path doc = ROOT.resolve("docs/runbooks/" + Runbooks.idOf(type) + ".md");
      String text = Files.readString(doc);
      assertThat(text).as(doc.toString()).contains(SECTIONS).contains("`" + type + "`");
      Matcher input = INPUT_EXAMPLE.matcher(text);
      assertThat(input.find()).as(doc + " has a ```json example right under ## Input").isTrue();
      assertThat(json.readTree(input.group(1)).isObject()).as(doc + " input example").isTrue();
    }
  }

  @Test
  void probesAreNotRunbooks() {
    assertThat(RunbookCatalog.workflowTypes(RunbookCatalog.RUNBOOKS))
        .doesNotContain("WorkerSelfTest");
    assertThat(RunbookCatalog.workflowTypes(RunbookCatalog.workflowImplementations(true)))
        .contains("ValidateRegistry", "WorkerSelfTest");
  }

  private static TreeSet<String> names(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix))
          .map(n -> n.substring(0, n.length() - suffix.length()))
          .filter(n -> !n.equals("README") && !n.equals("index"))
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }
}
