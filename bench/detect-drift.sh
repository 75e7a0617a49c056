#!/usr/bin/env bash
# Benchmark: DetectDrift wall time through its launcher, N runs (default 5) of one full pass over
# every enabled instance, then N runs per instance, and the projection to DIVE's 24 instances.
# Goal: <= 10 s for the three sandbox instances, a projected <= 60 s for 24 (instances are read in
# parallel, so the projection from the per-instance cost is a worst case: one after another).
# Needs `./dive-ops up` (server, worker, sandbox). Prints each run, then the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
goal_ms=10000
goal_24_ms=60000
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
now_ms() { date +%s%3N; }

# bench <label> <launcher args...>: runs the launcher $runs times, prints each wall time, sets $walls.
bench() {
  local label=$1; shift
  walls=()
  for i in $(seq "$runs"); do
    local start report rc=0
    start=$(now_ms)
    report=$(runbooks/detect-drift.sh "$@" 2>/dev/null) || rc=$?
    local wall=$(( $(now_ms) - start ))
    [ "$rc" -le 2 ] && [ -n "$report" ] || { echo "$label: the launcher exited $rc (run it by hand to see why)" >&2; exit 1; }
    walls+=("$wall")
    printf '%-10s run %d: %6d ms wall, %6s ms in the workflow, %s, %s items\n' "$label" "$i" "$wall" \
      "$(jq -r .durationMs <<<"$report")" "$(jq -r .verdict <<<"$report")" "$(jq -r '.items | length' <<<"$report")"
  done
}

bench all
all=$(printf '%s\n' "${walls[@]}" | median)
instances=$(jq -r '.instances | to_entries[] | select(.value.enabled) | .key' config/federation-registry.json)
per=()
for key in $instances; do
  bench "$key" "$key"
  per+=("$(printf '%s\n' "${walls[@]}" | median)")
done
one=$(printf '%s\n' "${per[@]}" | median)
projected=$(( one * 24 ))

printf '\nmedian of %s runs: all %d instances %d ms (goal <= %d ms: %s); one instance %d ms;\n' "$runs" \
  "$(wc -w <<<"$instances")" "$all" "$goal_ms" "$([ "$all" -le "$goal_ms" ] && echo met || echo MISSED)" "$one"
printf 'projected for 24 instances, one after another: %d ms (goal <= %d ms: %s)\n' "$projected" "$goal_24_ms" \
  "$([ "$projected" -le "$goal_24_ms" ] && echo met || echo MISSED)"
