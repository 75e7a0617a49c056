package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.diveops.activities.registry.RegistryActivitiesImpl;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.api.validate.ValidateRegistryInput;
import io.diveops.api.validate.ValidateRegistryWorkflow;
import io.diveops.worker.RunbookCatalog;
import io.diveops.worker.schedules.BackupSchedules;
import io.diveops.worker.schedules.ScheduleInstaller;
import io.diveops.worker.schedules.ScheduleSettings;
import io.diveops.workflows.ActivityPolicies;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator's view: the dev server's Web UI, in headless Chromium, shows the run as Completed.
 */
class WebUiIT {
  private final DevServer server = DevServer.shared();
  private WorkerFactory factory;
  private WebDriver browser;

  @BeforeEach
  void setUp() {
    factory = WorkerFactory.newInstance(server.client());
    var worker = factory.newWorker("ui-it");
    worker.registerWorkflowImplementationTypes(
        ActivityPolicies.options(), RunbookCatalog.RUNBOOKS.toArray(Class<?>[]::new));
    worker.registerActivitiesImplementations(
        new RegistryActivitiesImpl(
            new RegistryValidator(),
            Path.of(
                System.getProperty("dive.shared", "../../shared"),
                "dive-v3/federation-registry.json"),
            Optional.empty()));
    factory.start();

    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    // Headless as root on a closed network: no sandbox, and none of Chromium's background calls
    // home.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    factory.shutdownNow();
  }

  @Test
  void theValidateRegistryRunShowsCompleted() throws Exception {
    WorkflowClient client = server.client();
    String id = "validate-registry-ui-" + UUID.randomUUID();
    ValidateRegistryWorkflow workflow =
        client.newWorkflowStub(
            ValidateRegistryWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue("ui-it").setWorkflowId(id).build());
    assertThat(workflow.validate(new ValidateRegistryInput(null)).valid()).isTrue();
    String runId = WorkflowStub.fromTyped(workflow).getExecution().getRunId();

    browser.get(
        "http://127.0.0.1:"
            + server.uiPort()
            + "/namespaces/default/workflows/"
            + id
            + "/"
            + runId
            + "/history");
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(
            d -> {
              String text = d.findElement(By.tagName("body")).getText();
              return text.contains(id) && text.contains("Completed");
            });
    String page = browser.findElement(By.tagName("body")).getText();
    assertThat(page).contains("ValidateRegistry").contains("Completed");

    Path shot =
        Path.of(System.getProperty("dive.buildDir", "target"), "ui", "validate-registry-run.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  @Test
  void theBackupSchedulesAppearOnTheSchedulesPage() throws Exception {
    var schedules =
        new BackupSchedules(
            ScheduleInstaller.scheduleClient(server.client()),
            new ScheduleSettings(
                "dive-ops", "0 2 * * *", "0 4 * * 0", "0 6 * * *", Duration.ofHours(6)));
    schedules.apply(List.of("usa"));
    try {
      browser.get("http://127.0.0.1:" + server.uiPort() + "/namespaces/default/schedules");
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(
              d -> {
                String text = d.findElement(By.tagName("body")).getText();
                return text.contains("dive-ops-backup-usa")
                    && text.contains("dive-ops-verify-backup-usa");
              });
      Path shot = Path.of(System.getProperty("dive.buildDir", "target"), "ui", "schedules.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } finally {
      schedules.apply(List.of());
    }
  }
}
