#!/usr/bin/env bash
# Benchmark: VerifyInstance duration per sandbox instance, median of N runs (default 5).
# Needs `./dive-ops up` (server, worker, sandbox). Prints one row per instance.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
printf '%-9s %12s %12s %12s   (%s runs, ms)\n' instance median min max "$runs"
for instance in usa fra gbr; do
  durations=()
  for _ in $(seq "$runs"); do
    report=$(runbooks/verify-instance.sh "$instance" 2>/dev/null) || { echo "$instance: verification did not PASS" >&2; exit 1; }
    durations+=("$(jq -r .durationMs <<<"$report")")
  done
  sorted=$(printf '%s\n' "${durations[@]}" | sort -n)
  printf '%-9s %12s %12s %12s\n' "$instance" "$(printf '%s\n' "${durations[@]}" | median)" \
    "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")"
done
