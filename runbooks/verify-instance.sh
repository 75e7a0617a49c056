#!/usr/bin/env bash
# Runbook verify-instance: check that one instance serves end to end. Prints the report as JSON.
# usage: runbooks/verify-instance.sh <instance> [budget-seconds]
# exit: 0 PASS, 1 FAIL, 2 bad usage or the Temporal server cannot be reached (the CLI's error is on
#       stderr), 3 the run failed (e.g. unknown instance)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<instance> [budget-seconds]"
arg_count 1 2 $#
require_instance "$1"
budget=null
if [ $# -eq 2 ]; then
  require_format budget '^[0-9]+$' "whole seconds" "$2"
  budget=$2
fi
report=$(launch "verify-instance-$1" VerifyInstance "{\"instance\": \"$1\", \"budgetSeconds\": $budget}") || exit $?
echo "$report"
[ "$(jq -r '.outcome' <<<"$report")" = PASS ] || exit 1
