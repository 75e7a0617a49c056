#!/usr/bin/env bash
# Benchmark: VerifyFederation wall time through its launcher, N runs (default 5) over the whole matrix
# and N runs of one pair (default usa:fra). Goal: the whole matrix in at most 10 s.
# Needs `./dive-ops up` (server, worker, sandbox). Prints each run, then the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
pair=${2:-usa:fra}
goal_ms=10000
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
now_ms() { date +%s%3N; }

# bench <label> <launcher args...>: runs the launcher $runs times, prints each wall time, sets $walls.
bench() {
  local label=$1; shift
  walls=()
  for i in $(seq "$runs"); do
    local start report rc=0
    start=$(now_ms)
    report=$(runbooks/verify-federation.sh "$@" 2>/dev/null) || rc=$?
    local wall=$(( $(now_ms) - start ))
    [ "$rc" -le 1 ] || { echo "$label: the launcher exited $rc (run it by hand to see why)" >&2; exit 1; }
    walls+=("$wall")
    printf '%-14s run %d: %6d ms wall, %6s ms in the workflow, %s (%s of %s pairs passed)\n' "$label" "$i" "$wall" \
      "$(jq -r .durationMs <<<"$report")" "$(jq -r .verdict <<<"$report")" \
      "$(jq -r .passed <<<"$report")" "$(jq -r '.pairs | length' <<<"$report")"
  done
}

bench matrix
matrix=$(printf '%s\n' "${walls[@]}" | median)
bench "pair $pair" --pair "$pair"
one=$(printf '%s\n' "${walls[@]}" | median)

printf '\nmedian of %s runs: whole matrix %d ms (goal <= %d ms: %s), pair %s %d ms\n' "$runs" "$matrix" "$goal_ms" \
  "$([ "$matrix" -le "$goal_ms" ] && echo met || echo MISSED)" "$pair" "$one"
