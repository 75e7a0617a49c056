#!/usr/bin/env bash
# Runbook validate-registry: validate a DIVE registry on the worker. Prints the report as JSON.
# usage: runbooks/validate-registry.sh [registry.json]   (default: the worker's configured registry)
# exit: 0 valid, 1 invalid, 2 bad usage or the Temporal server cannot be reached (the CLI's error is
#       on stderr), 3 the run failed (e.g. the file does not exist)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "[registry.json]"
arg_count 0 1 $#
registry=""
if [ $# -eq 1 ]; then
  # The worker reads the file: give it an absolute path (worker and launcher share this machine).
  registry=$(realpath -m "$1")
fi
report=$(launch validate-registry ValidateRegistry "{\"registry\": $(json_string "$registry")}") || exit $?
echo "$report"
[ "$(jq -r '.valid' <<<"$report")" = true ] || exit 1
