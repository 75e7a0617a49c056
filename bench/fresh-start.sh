#!/usr/bin/env bash
# Benchmark: a new user's first start, N times (default 5). Each run: stop the product, remove the
# sandbox's containers (data volumes kept), forget the checkout's .state and the machine's release
# records, then `./dive-ops up`; then `docker kill` one service per instance (default opa) and time
# until each is healthy again, nobody acting. Also counts the RecoverService runs the start itself
# left (a first start must leave none).
# Prints per run and the medians. Changes the machine's product and sandbox: not for CI.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
service=${BENCH_SERVICE:-opa}
instances=${BENCH_INSTANCES:-usa fra gbr}
TEMPORAL=.tools/bin/temporal
if [ "$(id -u)" = 0 ]; then records=/var/lib/dive-ops/instances; else records=${XDG_STATE_HOME:-$HOME/.local/state}/dive-ops/instances; fi
records=${DIVE_OPS_INSTANCES_DIR:-${DIVE_OPS_INSTANCES:-$records}}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
now_ms() { date +%s%3N; }
healthy() { [ "$(docker inspect -f '{{.State.Running}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$1" 2>/dev/null)" = "true healthy" ]; }
until_ok() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "gave up after $1 s: $*" >&2; return 1; }
    sleep 0.1
  done
}
watching() { # the instance's HealthWatch has probed it and sees every service healthy
  "$TEMPORAL" workflow query --workflow-id "health-watch-$1" --name status -o json 2>/dev/null \
    | jq -e '.queryResult[0] | .provisioned and .probes > 2 and all(.services[]; .status == "healthy")'
}

ups=() kills=() leftovers=()
for run in $(seq "$runs"); do
  ./dive-ops down >/dev/null 2>&1 || true
  ./dive-ops sandbox down >/dev/null 2>&1 || true
  rm -rf .state "$records"
  t0=$(now_ms)
  ./dive-ops up >/tmp/bench-fresh-start-up.log 2>&1 || { echo "run $run: ./dive-ops up failed:"; tail -5 /tmp/bench-fresh-start-up.log; exit 1; }
  up_ms=$(( $(now_ms) - t0 ))
  for instance in $instances; do until_ok 120 watching "$instance"; done
  started=$("$TEMPORAL" workflow list --query "WorkflowType = 'RecoverService'" -o json 2>/dev/null | jq 'length')
  times=""
  for instance in $instances; do
    name="dive-v3-$service-$instance"
    k=$(now_ms); docker kill "$name" >/dev/null
    until_ok 120 healthy "$name"
    times+="$(( $(now_ms) - k )) "
    kills+=("$(( $(now_ms) - k ))")
  done
  ups+=("$up_ms") leftovers+=("$started")
  printf 'run %s: up %6d ms, recoveries left by the start: %s, kill %s -> healthy (ms): %s\n' "$run" "$up_ms" "$started" "$service" "$times"
done
printf 'median of %s: ./dive-ops up from nothing %d ms; docker kill -> healthy %d ms (%s kills); recoveries left by a start: max %s\n' \
  "$runs" "$(printf '%s\n' "${ups[@]}" | median)" "$(printf '%s\n' "${kills[@]}" | median)" "${#kills[@]}" \
  "$(printf '%s\n' "${leftovers[@]}" | sort -n | tail -1)"
