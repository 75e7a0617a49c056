package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.api.deploy.DeployInput;
import io.diveops.api.deploy.DeployInstanceWorkflow;
import io.diveops.api.deploy.DeployResult;
import io.diveops.api.health.HealthWatchInput;
import io.diveops.api.health.HealthWatchStatus;
import io.diveops.api.health.HealthWatchWorkflow;
import io.diveops.api.health.RecoverOutcome;
import io.diveops.api.verify.VerificationReport;
import io.diveops.api.verify.VerifyInstanceInput;
import io.diveops.api.verify.VerifyInstanceWorkflow;
import io.diveops.workflows.ActivityPolicies;
import io.diveops.workflows.Runbooks;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Scripts written for tctl" table stays true: every {@code temporal} command in it
 * runs, as written, against a dev server of its own (so the table's fixed ids and the task queue
 * {@code dive-ops} are free). The worker there runs stand-ins that implement the real workflow
 * interfaces, so the table's workflow types, signal and query names are the product's, while no
 * probe or deploy touches Docker.
 */
class TctlTableIT {
  static final Path ROOT =
      Path.of(System.getProperty("dive.root", "..")).toAbsolutePath().normalize();
  static final Path BUILD = Path.of(System.getProperty("dive.buildDir", "target")).toAbsolutePath();

  /** What operators' tctl scripts use (issue 12): each must have its row. */
  static final List<String> TCTL_COMMANDS =
      List.of(
          "wf start",
          "wf show",
          "wf signal",
          "wf query",
          "wf terminate",
          "wf list",
          "n register",
          "admin cluster add-search-attributes");

  /** The one placeholder the table may use: a deploy's id carries its start time. */
  static final String DEPLOY_ID = "<deploy-workflow-id>";

  record Row(String tctl, String temporal) {
    /** "workflow start", "operator namespace", ...: what the command does. */
    String verb() {
      String[] words = temporal.split(" ");
      return words[1] + " " + words[2];
    }

    String workflowId() {
      Matcher id = Pattern.compile("--workflow-id (\\S+)").matcher(temporal);
      return id.find() ? id.group(1) : null;
    }
  }

  @Test
  void theTableHasARowForEveryTctlCommandScriptsUse() throws Exception {
    List<Row> rows = table();
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.tctl()).startsWith("tctl ");
              assertThat(row.temporal()).startsWith("temporal ");
            });
    for (String tctl : TCTL_COMMANDS) {
      assertThat(rows)
          .as("a row for tctl " + tctl)
          .anySatisfy(row -> assertThat(row.tctl()).contains(" " + tctl + " "));
    }
  }

  @Test
  void everyTemporalCommandInTheTableWorks() throws Exception {
    Path db = Files.createDirectories(BUILD.resolve("devserver")).resolve("tctl-table.db");
    Files.deleteIfExists(db);
    try (DevServer server = new DevServer(db).start()) {
      WorkflowClient client = server.client();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      factory
          .newWorker(Runbooks.TASK_QUEUE)
          .registerWorkflowImplementationTypes(
              ActivityPolicies.options(),
              VerifyInstanceStandIn.class,
              DeployInstanceStandIn.class,
              HealthWatchStandIn.class);
      factory.start();
      try {
        // What runs on a live product: the worker's HealthWatch of fra, and a deploy waiting for an
        // answer.
        HealthWatchWorkflow watch =
            client.newWorkflowStub(
                HealthWatchWorkflow.class, options(HealthWatchInput.workflowId("fra")));
        WorkflowClient.start(watch::watch, HealthWatchInput.of("fra", 2, 2));
        String deployId = "deploy-instance-fra-tctl-table";
        DeployInstanceWorkflow deploy =
            client.newWorkflowStub(DeployInstanceWorkflow.class, options(deployId));
        WorkflowClient.start(deploy::deploy, new DeployInput("fra", "1.0.0", null, false));

        for (Row row : table()) {
          String command = row.temporal().replace(DEPLOY_ID, deployId);
          assertThat(command)
              .as("placeholders other than " + DEPLOY_ID)
              .doesNotContainPattern("<[a-z-]+>");
          Script.Result result = temporal(server, command);
          assertThat(result.exit())
              .as(row.tctl() + "\n→ " + command + "\n" + result.both())
              .isZero();
          checkEffect(new Row(row.tctl(), command), result, client, server);
        }
        assertThat(deploy.progress())
            .as("the decide signal reached the deploy")
            .isEqualTo("answered retry");
      } finally {
        factory.shutdownNow();
      }
    }
  }

  /** Beyond exit 0: the command did what the table says it does. */
  private static void checkEffect(
      Row row, Script.Result result, WorkflowClient client, DevServer server) {
    String what = row.temporal() + "\n" + result.both();
    switch (row.verb()) {
      case "workflow start" -> assertThat(result.out()).as(what).contains(row.workflowId());
      case "workflow show" ->
          assertThat(result.out()).as(what).contains("WorkflowExecutionStarted");
      case "workflow query" -> assertThat(result.out()).as(what).contains("\"instance\":\"fra\"");
      case "workflow terminate" ->
          assertThat(client.newUntypedWorkflowStub(row.workflowId()).describe().getStatus())
              .as(what)
              .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
      // Visibility lags a little behind the runs: ask again until HealthWatch of fra is listed.
      case "workflow list" ->
          Poll.until(
              "the list to show health-watch-fra\n" + what,
              Duration.ofSeconds(20),
              () ->
                  temporal(server, row.temporal())
                      .out()
                      .contains(HealthWatchInput.workflowId("fra")));
      case "operator namespace" ->
          assertThat(result.out()).as(what).contains("successfully registered");
      default -> {}
    }
  }

  /**
   * The rows of the README's section "Scripts written for tctl": tctl and temporal, code spans
   * unwrapped.
   */
  static List<Row> table() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("## Scripts written for tctl");
    assertThat(start).as("README section 'Scripts written for tctl'").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    List<Row> rows =
        readme
            .substring(start, end < 0 ? readme.length() : end)
            .lines()
            .filter(line -> line.startsWith("| `tctl"))
            .map(line -> Arrays.stream(line.substring(1).split("\\|")).map(String::strip).toList())
            .map(cells -> new Row(unquote(cells.get(0)), unquote(cells.get(1))))
            .toList();
    assertThat(rows).as("rows of the tctl table").isNotEmpty();
    return rows;
  }

  private static String unquote(String cell) {
    assertThat(cell).as("a command in one code span").startsWith("`").endsWith("`");
    return cell.substring(1, cell.length() - 1);
  }

  /**
   * Runs a command as an operator pastes it into bash, with {@code temporal} the CLI of this build.
   */
  private static Script.Result temporal(DevServer server, String command) {
    try {
      return Script.run(
          ROOT,
          Map.of(
              "TEMPORAL_CLI",
              DevServer.temporalBinary(),
              "TEMPORAL_ADDRESS",
              server.address(),
              "TEMPORAL_NAMESPACE",
              "default"),
          Duration.ofMinutes(1),
          List.of("bash", "-c", "temporal() { \"$TEMPORAL_CLI\" \"$@\"; }\n" + command));
    } catch (Exception e) {
      throw new IllegalStateException(command, e);
    }
  }

  private static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(Runbooks.TASK_QUEUE)
        .setWorkflowId(workflowId)
        .build();
  }

  /**
   * Tags the run as the real runbook tags itself (so the table's list finds it), then waits to be
   * ended.
   */
  static void tagAndWait(String workflowType, String instance) {
    Runbooks.tagRun(workflowType);
    Runbooks.tagInstance(instance);
    Workflow.await(() -> false);
  }

  /** Takes the table's input and waits. */
  public static class VerifyInstanceStandIn implements VerifyInstanceWorkflow {
    @Override
    public VerificationReport verify(VerifyInstanceInput input) {
      tagAndWait(TYPE, input.instance());
      return null;
    }
  }

  /** Waits for the operator's answer, and says what it was. */
  public static class DeployInstanceStandIn implements DeployInstanceWorkflow {
    private String decision;

    @Override
    public DeployResult deploy(DeployInput input) {
      tagAndWait(TYPE, input.instance());
      return null;
    }

    @Override
    public String progress() {
      return decision == null ? "waiting for an answer" : "answered " + decision;
    }

    @Override
    public void decide(String decision) {
      this.decision = decision;
    }

    @Override
    public String answer(String decision) {
      this.decision = decision;
      return "answered " + decision;
    }

    @Override
    public void validateAnswer(String decision) {}

    @Override
    public void lockState(String instance, String holder) {}
  }

  /** Answers status for its instance; probes nothing. */
  public static class HealthWatchStandIn implements HealthWatchWorkflow {
    private String instance;

    @Override
    public void watch(HealthWatchInput input) {
      instance = input.instance();
      tagAndWait(TYPE, instance);
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void recoveryEnded(String service, RecoverOutcome outcome) {}

    @Override
    public HealthWatchStatus status() {
      return new HealthWatchStatus(
          instance, false, 0, null, List.of(), null, 0, Map.of(), Map.of(), List.of(), true);
    }
  }
}
