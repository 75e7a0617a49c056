package io.diveops.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.secretmanager.v1.ProjectName;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.protobuf.ByteString;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.federation.BrokeredLogin;
import io.diveops.activities.federation.FederationActivitiesImpl;
import io.diveops.activities.registry.EnabledInstances;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.secrets.FakeSecretManager;
import io.diveops.activities.secrets.FileSecretStore;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.secrets.SecretStores;
import io.diveops.activities.stack.FederationPairs;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.activities.verify.VerifyActivitiesImpl;
import io.diveops.api.federation.FederationReport;
import io.diveops.api.federation.VerifyFederationInput;
import io.diveops.api.federation.VerifyFederationWorkflow;
import io.diveops.api.verify.Verdict;
import io.diveops.api.verify.VerificationReport;
import io.diveops.worker.RunbookCatalog;
import io.diveops.worker.Settings;
import io.diveops.worker.cli.SandboxCommand;
import io.diveops.workflows.ActivityPolicies;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox with its secrets in Secret Manager (the tests' fake, over real gRPC) instead of
 * files: {@code sandbox up} reads them there (its file store is an empty folder), and
 * VerifyInstance and VerifyFederation pass with their activities reading them there too. The
 * sandbox's volumes were initialised with the file store's values, so Secret Manager gets those
 * same values as version 1: the shared sandbox stays usable for the other integration tests.
 */
class SecretManagerSandboxIT {
  static final String PROJECT = "dive-sandbox";
  static final String TASK_QUEUE = "secret-manager-it-" + UUID.randomUUID();

  @TempDir Path emptySecretsDir;

  @Test
  void theSandboxComesUpAndVerifiesWithItsSecretsInSecretManager() throws Exception {
    Path registryFile = DeployFixture.REGISTRY;
    FederationRegistry registry = new RegistryReader().read(registryFile).model().orElseThrow();
    FileSecretStore files = new FileSecretStore(DeployFixture.SECRETS);
    try (FakeSecretManager fake = FakeSecretManager.start();
        SecretManagerServiceClient client = fake.client()) {
      registry.instances().values().stream()
          .filter(instance -> instance.enabled())
          .flatMap(i -> SecretNames.STACK_FIELDS.stream().map(f -> SecretNames.of(i, f)))
          .distinct()
          .forEach(name -> copy(client, name, files.ensure(name)));
      // The federation pairs' client secrets too: the realms keep the file store's values.
      registry.instances().keySet().stream()
          .flatMap(key -> FederationPairs.secretPairs(registry, key).stream())
          .map(pair -> SecretNames.federation(pair.get(0), pair.get(1)))
          .distinct()
          .forEach(name -> copy(client, name, files.ensure(name)));

      Map<String, String> env =
          Map.of(
              "DIVE_OPS_REGISTRY", registryFile.toString(),
              "DIVE_OPS_RELEASES_DIR", DeployFixture.ROOT.resolve("releases").toString(),
              "DIVE_OPS_SECRETS_DIR", emptySecretsDir.toString(),
              "DIVE_OPS_INSTANCES_DIR", DeployFixture.MACHINE_INSTANCES.toString(),
              "DIVE_OPS_SECRET_STORE", "gcp:projects/" + PROJECT,
              "DIVE_OPS_SECRET_MANAGER_ENDPOINT", fake.endpoint());
      var settings = Settings.of(env).diveOps();
      assertThat(new SandboxCommand(System.out, System.err, settings).run("up"))
          .as("sandbox up from Secret Manager")
          .isZero();

      SecretStore store = settings.openSecretStore();
      WorkflowClient temporal = DevServer.shared().client();
      WorkerFactory factory = WorkerFactory.newInstance(temporal);
      try {
        var worker = factory.newWorker(TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(
            ActivityPolicies.options(), RunbookCatalog.RUNBOOKS.toArray(Class<?>[]::new));
        worker.registerActivitiesImplementations(
            new VerifyActivitiesImpl(
                new EnabledInstances(registryFile),
                store,
                DeployFixture.ROOT.resolve("sandbox/opa/fixtures.json"),
                new DockerEngines(DeployFixture.ROOT.resolve(".state/docker-certs")),
                new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5))),
            new FederationActivitiesImpl(
                new EnabledInstances(registryFile), new BrokeredLogin(store)));
        factory.start();
        for (String key : List.of("usa", "fra", "gbr")) {
          VerificationReport report = VerifyInstanceIT.verify(temporal, TASK_QUEUE, key);
          assertThat(report.failedChecks()).as(key + ": " + report.checks()).isEmpty();
          assertThat(report.outcome()).isEqualTo(Verdict.PASS);
        }
        // Every brokered login, with every password and client secret read from Secret Manager.
        FederationReport federation =
            temporal
                .newWorkflowStub(
                    VerifyFederationWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue(TASK_QUEUE)
                        .setWorkflowId("verify-federation-gsm-" + UUID.randomUUID())
                        .build())
                .verify(VerifyFederationInput.all());
        assertThat(federation.pairs()).hasSize(6);
        assertThat(federation.verdict()).as(federation.toString()).isEqualTo(Verdict.PASS);
      } finally {
        factory.shutdownNow();
        SecretStores.close(store);
      }
    }
  }

  static void copy(SecretManagerServiceClient client, String name, String value) {
    client.createSecret(
        ProjectName.of(PROJECT),
        name,
        Secret.newBuilder()
            .setReplication(
                Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance()))
            .putLabels("project", "dive-v3")
            .build());
    client.addSecretVersion(
        SecretName.of(PROJECT, name),
        SecretPayload.newBuilder().setData(ByteString.copyFromUtf8(value)).build());
  }
}
