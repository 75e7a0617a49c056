# Shared by the runbook launchers: check the arguments, run one workflow with the temporal CLI, wait
# for it, print its result as JSON on stdout. Sourced, not run.
#
# Exit codes every launcher keeps: 0 the runbook reached its goal; 1 it ended short of it (the JSON
# says how); 2 the launcher could not run it: bad usage, or the Temporal server could not be reached
# (the CLI's own error is on stderr); 3 the run failed (the reason is on stderr).
set -euo pipefail

LAUNCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TEMPORAL=${TEMPORAL_CLI:-$LAUNCH_ROOT/.tools/bin/temporal}
export TEMPORAL_ADDRESS=${TEMPORAL_ADDRESS:-127.0.0.1:7233}
export TEMPORAL_NAMESPACE=${TEMPORAL_NAMESPACE:-default}
TASK_QUEUE=${DIVE_OPS_TASK_QUEUE:-dive-ops}

[ -x "$TEMPORAL" ] || { echo "temporal CLI not found at $TEMPORAL: run ./dive-ops up first" >&2; exit 2; }
command -v jq >/dev/null 2>&1 || { echo "jq is needed (Debian: apt-get install jq)" >&2; exit 2; }

# --- arguments ------------------------------------------------------------------------------------

LAUNCH_USAGE=""

# usage_is <text>: the launcher's arguments, as usage prints them after the script's name. Each
# further <text> is one more line (another form of the command).
usage_is() {
  LAUNCH_USAGE="usage: $0 $1"; shift
  local form; for form in "$@"; do LAUNCH_USAGE+=$'\n'"       $0 $form"; done
}

# usage: print the usage and exit 2.
usage() { echo "$LAUNCH_USAGE" >&2; exit 2; }

# bad_arg <message>: a named argument is wrong: say which and how, then the usage; exit 2.
bad_arg() { echo "$1" >&2; usage; }

# arg_count <min> <max> <count>: exit with the usage unless min <= count <= max.
arg_count() { [ "$3" -ge "$1" ] && [ "$3" -le "$2" ] || usage; }

# require_instance <name>: a registry key (three lower-case letters, e.g. fra), or exit 2 naming it.
require_instance() {
  [[ "${1:-}" =~ ^[a-z]{3}$ ]] || bad_arg "instance must be a registry key such as fra, got '${1:-}'"
}

# require_format <what> <regex> <example> <value>: the value matches, or exit 2 naming it.
require_format() {
  [[ "$4" =~ $2 ]] || bad_arg "$1 must be $3, got '$4'"
}

# require_backup_id <id>: a backup id as the store names them (or the word latest), or exit 2 naming it.
require_backup_id() {
  require_format backup '^[0-9A-Za-z._-]+$' "an id such as 20261126T020000Z" "$1"
}

# --- the temporal CLI -----------------------------------------------------------------------------

# require_server: the Temporal server answers, or print the CLI's error and exit 2. For commands that
# talk to a run directly (query, signal, update), so that "the server is down" is not mistaken for
# "no such run".
require_server() {
  local err
  err=$("$TEMPORAL" operator cluster health --command-timeout 5s 2>&1 >/dev/null) \
    || { echo "the Temporal server at $TEMPORAL_ADDRESS cannot be reached: $err" >&2; exit 2; }
}

# launch <runbook-id> <WorkflowType> <input-json>
# Prints the result JSON; returns 3 when the run did not complete (failure printed on stderr), 2 when
# the CLI produced no result at all (its error printed on stderr: e.g. the server cannot be reached).
launch() {
  local id=$1  # id: the workflow id prefix, e.g. verify-instance-fra
  launch_as "$id-$(date -u +%Y%m%dT%H%M%SZ)-$RANDOM" "$2" "$3"
}

# launch_as <workflow-id> <WorkflowType> <input-json> [temporal flags...]
# As launch, under exactly this workflow id (for runbooks whose id says what they act on).
launch_as() {
  local workflow_id=$1 type=$2 input=$3; shift 3
  echo "running $type as $workflow_id (UI: http://127.0.0.1:${DIVE_OPS_UI_PORT:-8233}/namespaces/$TEMPORAL_NAMESPACE/workflows/$workflow_id)" >&2
  local out errfile cli_err rc=0
  errfile=$(mktemp)
  out=$("$TEMPORAL" workflow execute --type "$type" --task-queue "$TASK_QUEUE" \
          --workflow-id "$workflow_id" --input "$input" "$@" -o json --no-json-shorthand-payloads 2>"$errfile") || rc=$?
  cli_err=$(cat "$errfile"); rm -f "$errfile"
  # A run that ended badly still prints its close event; no JSON at all means the CLI itself failed.
  if [ -z "$out" ] || ! jq -e 'type == "object" and has("status")' <<<"$out" >/dev/null 2>&1; then
    echo "$type $workflow_id was not run: the temporal CLI failed (exit $rc): ${cli_err:-no message}" >&2
    return 2
  fi
  local status; status=$(jq -r '.status // "UNKNOWN"' <<<"$out")
  if [ "$status" != COMPLETED ]; then
    echo "$type $workflow_id ended $status: $(jq -r '[.. | .message? // empty] | map(select(. != "Activity task failed")) | first // "no result"' <<<"$out")" >&2
    return 3
  fi
  # The payload exactly as the workflow returned it (the CLI's shorthand turns [] into null).
  jq '.closeEvent.workflowExecutionCompletedEventAttributes.result.payloads[0].data | @base64d | fromjson' <<<"$out"
}

# answer_waiting <WorkflowType> <instance> <word>: the answer to every run of that type on that
# instance that waits for an operator, as an update (not a signal: a run refuses an answer when it is
# not waiting for one, and says why). Exits 0 when every run took it, 1 otherwise.
answer_waiting() {
  local type=$1 instance=$2 answer=$3 ids id out rc=0
  require_server
  ids=$("$TEMPORAL" workflow list -o json --query \
        "WorkflowType = '$type' AND DiveInstance = '$instance' AND ExecutionStatus = 'Running'" | jq -r '.[].execution.workflowId')
  [ -n "$ids" ] || { echo "no $type run of $instance is running" >&2; exit 1; }
  for id in $ids; do
    if out=$("$TEMPORAL" workflow update execute --workflow-id "$id" --name answer \
         --input "$(json_string "$answer")" -o json 2>&1); then
      echo "$id: answered $answer"
    else
      echo "$id: $out" >&2; rc=1
    fi
  done
  exit $rc
}

# REPORT_JQ: jq functions the partner runbooks print their results with: a plan as a table, the
# verification matrix, the errors, the step timings.
REPORT_JQ='
  def pad($n): tostring | . + ([range([$n - length, 0] | max)] | map(" ") | add // "");
  def plan_table:
    "\("INSTANCE" | pad(8)) \("KIND" | pad(9)) \("ACTION" | pad(7)) \("NAME" | pad(44)) DETAIL",
    (.changes[] | "\(.instance | pad(8)) \(.kind | pad(9)) \(.action | pad(7)) \(.name | pad(44)) \(.detail)");
  def matrix:
    if . then
      "VerifyFederation: \(.verdict), \(.passed) of \(.pairs | length) pairs passed",
      (.pairs[] | "  \(.home)<-\(.partner) \(.verdict) \(.latencyMs) ms\(if .failedStep then " at \(.failedStep): \(.evidence)" else "" end)")
    else empty end;
  def errors_and_time:
    (if (.errors | length) > 0 then "\(.outcome): \(.errors | length) error(s)" else empty end),
    (.errors[] | "  \(.path)  [\(.rule)]  \(.message)"),
    "\(.outcome) in \([.stepMs[]] | add // 0) ms (\(.stepMs | to_entries | map("\(.key) \(.value)") | join(", ")))";
'

# json_string <text>: a JSON string literal, or null for empty text.
json_string() {
  if [ -z "${1:-}" ]; then echo null; else jq -Rn --arg v "$1" '$v'; fi
}
