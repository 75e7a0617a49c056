package io.diveops.workflows;

import io.diveops.activities.lock.LockActivitiesImpl;
import io.diveops.api.alert.Alert;
import io.diveops.workflows.alert.AlertGroupWorkflowImpl;
import io.diveops.workflows.health.RecordingNotifier;
import io.diveops.workflows.lock.InstanceLockWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mockito.Mockito;

/**
 * The one set-up of every workflow test: a fresh in-memory test server per test that knows the
 * search attributes every runbook upserts, one worker on {@link Runbooks#TASK_QUEUE} with the
 * workflow types registered as the product registers them ({@link ActivityPolicies#options()}:
 * workflow code creates its activity stubs without options), and the activities the test names.
 *
 * <p>Register it on an instance field, then ask it for the activity mocks:
 *
 * <pre>{@code
 * @RegisterExtension
 * final WorkflowTestEnvironment temporal = WorkflowTestEnvironment.of(DeployInstanceWorkflowImpl.class)
 *     .withLocks().withRecordingNotifier();
 * private final DeployActivities deploy = temporal.mock(DeployActivities.class);
 * }</pre>
 *
 * The environment starts after the test's own {@code @BeforeEach} methods, just before the test
 * itself, so a {@code @BeforeEach} may still register on {@link #worker()}. A test that registers
 * more in its body says {@link #startedByTest()} and calls {@link #start()}.
 *
 * <p>Temporal's own {@code TestWorkflowExtension} does not fit: its worker polls a task queue of
 * its own naming, while the runbooks, the lock and the notifier start and signal workflows on
 * {@link Runbooks#TASK_QUEUE}; and activities that need the test's client cannot be given to its
 * builder.
 */
public final class WorkflowTestEnvironment
    implements BeforeEachCallback, BeforeTestExecutionCallback, AfterEachCallback {
  private final Class<?>[] workflowTypes;
  private final List<Object> activities = new ArrayList<>();
  private WorkerInterceptor[] interceptors = new WorkerInterceptor[0];
  private boolean locks;
  private boolean recordingNotifier;
  private boolean startedByTest;

  private TestWorkflowEnvironment env;
  private Worker worker;
  private RecordingNotifier notifier;
  private boolean started;

  private WorkflowTestEnvironment(Class<?>... workflowTypes) {
    this.workflowTypes = workflowTypes;
  }

  /** The workflow implementations under test. */
  public static WorkflowTestEnvironment of(Class<?>... workflowTypes) {
    return new WorkflowTestEnvironment(workflowTypes);
  }

  /**
   * A mock of an activity interface, registered on the worker. Mockito answers by the stubbing of
   * the moment, so a test may stub before or after the start.
   */
  public <T> T mock(Class<T> activityInterface) {
    T mock = Mockito.mock(activityInterface, Mockito.withSettings().withoutAnnotations());
    activities.add(mock);
    return mock;
  }

  /** Worker interceptors, e.g. an {@link ActivityOptionsRecorder}. */
  public WorkflowTestEnvironment interceptors(WorkerInterceptor... workerInterceptors) {
    this.interceptors = workerInterceptors;
    return this;
  }

  /** The real instance lock: its activities and the {@code InstanceLock} workflow they signal. */
  public WorkflowTestEnvironment withLocks() {
    locks = true;
    return this;
  }

  /**
   * The real notifier's grouping and the {@code AlertGroup} workflow, posts recorded in {@link
   * #notifier()}.
   */
  public WorkflowTestEnvironment withRecordingNotifier() {
    recordingNotifier = true;
    return this;
  }

  /**
   * The test registers more on {@link #worker()} and then calls {@link #start()} itself (a replay
   * never does).
   */
  public WorkflowTestEnvironment startedByTest() {
    startedByTest = true;
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptors).build())
                .build());
    env.registerSearchAttribute(
        Runbooks.DIVE_RUNBOOK.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute(
        Runbooks.DIVE_INSTANCE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    worker = env.newWorker(Runbooks.TASK_QUEUE);
    if (workflowTypes.length > 0) {
      worker.registerWorkflowImplementationTypes(ActivityPolicies.options(), workflowTypes);
    }
    if (locks) {
      worker.registerWorkflowImplementationTypes(
          ActivityPolicies.options(), InstanceLockWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          new LockActivitiesImpl(client(), Runbooks.TASK_QUEUE));
    }
    if (recordingNotifier) {
      notifier = new RecordingNotifier(client());
      worker.registerWorkflowImplementationTypes(
          ActivityPolicies.options(), AlertGroupWorkflowImpl.class);
      worker.registerActivitiesImplementations(notifier);
    }
    if (!activities.isEmpty()) {
      worker.registerActivitiesImplementations(activities.toArray());
    }
  }

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    if (!startedByTest) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    env.close();
  }

  /** Starts the worker; once only, so a helper may call it before every run. */
  public void start() {
    if (!started) {
      env.start();
      started = true;
    }
  }

  public TestWorkflowEnvironment env() {
    return env;
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** For registrations before the start. */
  public Worker worker() {
    return worker;
  }

  /** The posts of {@link #withRecordingNotifier()}. */
  public RecordingNotifier notifier() {
    return notifier;
  }

  /** Waits until the alert group of {@code instance} has posted everything and ended. */
  public void awaitAlerts(String instance) {
    client().newUntypedWorkflowStub(Alert.groupWorkflowId(instance)).getResult(Void.class);
  }

  /** A typed stub of a new run on the runbooks' task queue, under a random id. */
  public <T> T workflow(Class<T> type) {
    return client()
        .newWorkflowStub(
            type, WorkflowOptions.newBuilder().setTaskQueue(Runbooks.TASK_QUEUE).build());
  }

  /** A typed stub of a new run on the runbooks' task queue, with the given workflow id. */
  public <T> T workflow(Class<T> type, String workflowId) {
    return client()
        .newWorkflowStub(
            type,
            WorkflowOptions.newBuilder()
                .setTaskQueue(Runbooks.TASK_QUEUE)
                .setWorkflowId(workflowId)
                .build());
  }
}
