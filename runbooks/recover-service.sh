#!/usr/bin/env bash
# Runbook recover-service: restart, then recreate from the release, then page a human.
# usage: runbooks/recover-service.sh <instance> <service>                 run the ladder (or wait for the one running)
#        runbooks/recover-service.sh <instance> <service> retry|resolved|abort   answer a run waiting for an operator
# exit: 0 RECOVERED / RESOLVED / NOT_NEEDED (or the answer was accepted); 1 ABORTED or answer refused;
#       2 bad usage; 3 the run failed
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage() { echo "usage: $0 <instance> <service> [retry|resolved|abort]" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || usage
instance=$1 service=$2 answer=${3:-}
[[ "$instance" =~ ^[a-z]{3}$ ]] || { echo "instance must be a registry key such as fra, got '$instance'" >&2; exit 2; }
[[ "$service" =~ ^[a-z]+$ ]] || { echo "service must be a service name such as redis, got '$service'" >&2; exit 2; }
workflow_id="recover-$instance-$service"

if [ -n "$answer" ]; then
  case "$answer" in retry|resolved|abort) ;; *) usage ;; esac
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
