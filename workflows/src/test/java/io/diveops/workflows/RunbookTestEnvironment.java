package io.diveops.workflows;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;

/**
 * The in-memory test server for workflow unit tests, knowing the search attributes every runbook
 * upserts.
 */
public final class RunbookTestEnvironment {
  private RunbookTestEnvironment() {}

  public static TestWorkflowEnvironment create(WorkerInterceptor... interceptors) {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptors).build())
                .build());
    env.registerSearchAttribute(
        Runbooks.DIVE_RUNBOOK.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute(
        Runbooks.DIVE_INSTANCE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    return env;
  }
}
