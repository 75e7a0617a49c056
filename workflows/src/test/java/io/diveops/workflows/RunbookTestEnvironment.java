package io.diveops.workflows;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowEnvironment;

/** The in-memory test server for workflow unit tests, knowing the search attributes every runbook upserts. */
public final class RunbookTestEnvironment {
  private RunbookTestEnvironment() {}

  public static TestWorkflowEnvironment create() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    env.registerSearchAttribute(Runbooks.DIVE_RUNBOOK.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute(Runbooks.DIVE_INSTANCE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    return env;
  }
}
