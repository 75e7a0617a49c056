#!/usr/bin/env bash
# Runbook recover-service: restart, then recreate from the release, then page a human.
# usage: runbooks/recover-service.sh <instance> <service>                 run the ladder (or wait for the one running)
#        runbooks/recover-service.sh <instance> <service> retry|resolved|abort   answer a run waiting for an operator
# exit: 0 RECOVERED / RESOLVED / NOT_NEEDED (or the answer was accepted); 1 ABORTED or answer refused;
#       2 bad usage, or the Temporal server cannot be reached (the CLI's error is on stderr); 3 the run failed
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<instance> <service> [retry|resolved|abort]"
arg_count 2 3 $#
instance=$1 service=$2 answer=${3:-}
require_instance "$instance"
require_format service '^[a-z]+$' "a service name such as redis" "$service"
workflow_id="recover-$instance-$service"

if [ -n "$answer" ]; then
  case "$answer" in retry|resolved|abort) ;; *) bad_arg "answer must be retry, resolved or abort, got '$answer'" ;; esac
  require_server
  # An update, not a signal: the run refuses an answer when it is not waiting for one, and says so.
  if out=$("$TEMPORAL" workflow update execute --workflow-id "$workflow_id" --name answer \
       --input "$(json_string "$answer")" -o json 2>&1); then
    echo "$out"; exit 0
  fi
  echo "$out" >&2; exit 1
fi

input=$(jq -cn --arg i "$instance" --arg s "$service" '{instance: $i, service: $s}')
# One run per instance and service: while one is open, this waits for that one instead.
result=$(launch_as "$workflow_id" RecoverService "$input" --id-conflict-policy UseExisting --id-reuse-policy AllowDuplicate) || exit $?
echo "$result"
case "$(jq -r .outcome <<<"$result")" in
  RECOVERED|RESOLVED|NOT_NEEDED) exit 0 ;;
  *) exit 1 ;;
esac
