# Shared by the runbook launchers: run one workflow with the temporal CLI, wait for it, print its
# result as JSON on stdout. Sourced, not run.
set -euo pipefail

LAUNCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TEMPORAL=${TEMPORAL_CLI:-$LAUNCH_ROOT/.tools/bin/temporal}
export TEMPORAL_ADDRESS=${TEMPORAL_ADDRESS:-127.0.0.1:7233}
export TEMPORAL_NAMESPACE=${TEMPORAL_NAMESPACE:-default}
TASK_QUEUE=${DIVE_OPS_TASK_QUEUE:-dive-ops}

[ -x "$TEMPORAL" ] || { echo "temporal CLI not found at $TEMPORAL: run ./dive-ops up first" >&2; exit 2; }
command -v jq >/dev/null 2>&1 || { echo "jq is needed (Debian: apt-get install jq)" >&2; exit 2; }

# launch <runbook-id> <WorkflowType> <input-json>
# Prints the result JSON; returns 3 when the run did not complete (failure printed on stderr).
launch() {
  local id=$1  # id: the workflow id prefix, e.g. verify-instance-fra
  launch_as "$id-$(date -u +%Y%m%dT%H%M%SZ)-$RANDOM" "$2" "$3"
}

# launch_as <workflow-id> <WorkflowType> <input-json> [temporal flags...]
# As launch, under exactly this workflow id (for runbooks whose id says what they act on).
launch_as() {
  local workflow_id=$1 type=$2 input=$3; shift 3
  echo "running $type as $workflow_id (UI: http://127.0.0.1:${DIVE_OPS_UI_PORT:-8233}/namespaces/$TEMPORAL_NAMESPACE/workflows/$workflow_id)" >&2
  local out
  out=$("$TEMPORAL" workflow execute --type "$type" --task-queue "$TASK_QUEUE" \
          --workflow-id "$workflow_id" --input "$input" "$@" -o json --no-json-shorthand-payloads 2>/dev/null) || true
  local status; status=$(jq -r '.status // "UNKNOWN"' <<<"$out" 2>/dev/null || echo UNKNOWN)
  if [ "$status" != COMPLETED ]; then
    echo "$type $workflow_id ended $status: $(jq -r '[.. | .message? // empty] | map(select(. != "Activity task failed")) | first // "no result"' <<<"$out" 2>/dev/null)" >&2
    return 3
  fi
  # The payload exactly as the workflow returned it (the CLI's shorthand turns [] into null).
  jq '.closeEvent.workflowExecutionCompletedEventAttributes.result.payloads[0].data | @base64d | fromjson' <<<"$out"
}

# json_string <text>: a JSON string literal, or null for empty text.
json_string() {
  if [ -z "${1:-}" ]; then echo null; else jq -Rn --arg v "$1" '$v'; fi
}
