#!/usr/bin/env bash
# Runbook health-watch: the long-running watcher of one instance (started by the worker).
# usage: runbooks/health-watch.sh <instance> [status|pause|resume|start]
#   status (default)  what it sees now, as JSON
#   pause | resume    stop / restart probing and acting (e.g. around hand maintenance)
#   start             start it if it is not running (the worker does this when it starts)
# exit: 0 done; 2 bad usage, or the Temporal server cannot be reached (the CLI's error is on stderr);
#       3 no watcher running for the instance
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<instance> [status|pause|resume|start]"
arg_count 1 2 $#
instance=$1 action=${2:-status}
require_instance "$instance"
case "$action" in status|pause|resume|start) ;; *) bad_arg "action must be status, pause, resume or start, got '$action'" ;; esac
workflow_id="health-watch-$instance"
require_server

case "$action" in
  status)
    out=$("$TEMPORAL" workflow query --workflow-id "$workflow_id" --type status -o json 2>&1) \
      || { echo "no HealthWatch answers for $instance: $out" >&2; exit 3; }
    jq '.queryResult[0] // .' <<<"$out" ;;
  pause|resume)
    "$TEMPORAL" workflow signal --workflow-id "$workflow_id" --name "$action" >/dev/null \
      || { echo "no HealthWatch running for $instance" >&2; exit 3; }
    echo "HealthWatch $instance: $action sent" >&2 ;;
  start)
    "$TEMPORAL" workflow start --type HealthWatch --task-queue "$TASK_QUEUE" --workflow-id "$workflow_id" \
      --input "$(jq -cn --arg i "$instance" '{instance: $i}')" --id-conflict-policy UseExisting -o json >/dev/null
    echo "HealthWatch $instance: running (UI: http://127.0.0.1:${DIVE_OPS_UI_PORT:-8233}/namespaces/$TEMPORAL_NAMESPACE/workflows/$workflow_id)" >&2 ;;
esac
