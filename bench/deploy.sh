#!/usr/bin/env bash
# Benchmark: deploy-instance on the sandbox, median of N runs (default 5), on one instance:
#   - a one-service release change (backend 1.0.0 -> 1.1.0)
#   - an all-app-services change (kas, backend, frontend 1.0.0 -> 1.1.0)
#   - a broken release (backend answers 503): failure detected -> previous version verified
# Needs `./dive-ops up`. Every run is followed by a deploy back to 1.0.0 (not measured).
set -euo pipefail
cd "$(dirname "$0")/.."
instance=${2:-gbr}
runs=${1:-5}
broken=releases/bench-unhealthy.json
trap 'rm -f "$broken"' EXIT
jq '.version = "bench-unhealthy" | .services.backend.env.DIVE_FAULT = "unhealthy"' releases/1.1.0.json >"$broken"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
deploy() { runbooks/deploy-instance.sh "$@" 2>/dev/null || true; }
back() { deploy "$instance" 1.0.0 >/dev/null; }

one=(); all=(); recovery=(); total_failed=()
back
for _ in $(seq "$runs"); do
  start=$(date +%s%N); r=$(deploy "$instance" 1.1.0 --services backend); one+=("$(( ($(date +%s%N) - start) / 1000000 ))")
  [ "$(jq -r .outcome <<<"$r")" = DEPLOYED ] || { echo "one-service deploy: $(jq -c '{outcome, failure}' <<<"$r")" >&2; exit 1; }
  back
  start=$(date +%s%N); r=$(deploy "$instance" 1.1.0); all+=("$(( ($(date +%s%N) - start) / 1000000 ))")
  [ "$(jq -r .outcome <<<"$r")" = DEPLOYED ] || { echo "all-services deploy: $(jq -c '{outcome, failure}' <<<"$r")" >&2; exit 1; }
  back
  start=$(date +%s%N); r=$(deploy "$instance" bench-unhealthy); total_failed+=("$(( ($(date +%s%N) - start) / 1000000 ))")
  [ "$(jq -r .outcome <<<"$r")" = ROLLED_BACK ] || { echo "broken deploy: $(jq -c '{outcome, failure}' <<<"$r")" >&2; exit 1; }
  recovery+=("$(jq -r .recoveryMs <<<"$r")")
done
printf '%-58s %8s   (ms, median of %s, instance %s)\n' "deploy-instance" median "$runs" "$instance"
printf '%-58s %8s   %s\n' "one service (backend), verified" "$(printf '%s\n' "${one[@]}" | median)" "${one[*]}"
printf '%-58s %8s   %s\n' "all app services (kas, backend, frontend), verified" "$(printf '%s\n' "${all[@]}" | median)" "${all[*]}"
printf '%-58s %8s   %s\n' "broken backend: failure detected -> previous verified" "$(printf '%s\n' "${recovery[@]}" | median)" "${recovery[*]}"
printf '%-58s %8s   %s\n' "broken backend: whole run, start to ROLLED_BACK" "$(printf '%s\n' "${total_failed[@]}" | median)" "${total_failed[*]}"
