#!/usr/bin/env bash
# Benchmark: self-healing after `docker kill`, median of N runs (default 5), per service (default
# redis, opa, backend) on one instance (default fra), nobody acting:
#   - kill -> the container is healthy again (HealthWatch notices, RecoverService restarts it)
#   - kill -> VerifyInstance PASS (run as soon as the container is healthy, again until it passes)
# Needs `./dive-ops up` (a worker with HealthWatch on the instance). Each kill is its own incident:
# the watch is started afresh between kills, so the flapping rule (3 recoveries within an hour go
# to a human) does not turn the benchmark into a page.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
instance=${2:-fra}
services=${BENCH_SERVICES:-redis opa backend}
TEMPORAL=${TEMPORAL_CLI:-.tools/bin/temporal}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
now_ms() { date +%s%3N; }
healthy() { [ "$(docker inspect -f '{{.State.Running}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$1" 2>/dev/null)" = "true healthy" ]; }
container_of() {
  docker ps -a --filter "label=dive.ops.instance=$instance" --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -1
}
# Polls a command until it succeeds, failing the benchmark after a deadline (seconds).
until_ok() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "gave up after ${deadline}s: $*" >&2; exit 1; }
    sleep 0.1
  done
}
fresh_watch() {
  "$TEMPORAL" workflow terminate --workflow-id "health-watch-$instance" --reason "bench: forget earlier incidents" >/dev/null 2>&1 || true
  runbooks/health-watch.sh "$instance" start 2>/dev/null
  until_ok 30 bash -c "runbooks/health-watch.sh $instance status 2>/dev/null | jq -e '.probes > 0 and all(.services[]; .status == \"healthy\")'"
}
no_recovery_open() {
  ! "$TEMPORAL" workflow list --query "WorkflowId = 'recover-$instance-$1' AND ExecutionStatus = 'Running'" 2>/dev/null | grep -q Running
}

declare -A to_healthy to_verified
for service in $services; do
  name=$(container_of "$service")
  [ -n "$name" ] || { echo "no $service container on $instance" >&2; exit 1; }
  for _ in $(seq "$runs"); do
    fresh_watch
    until_ok 60 no_recovery_open "$service"
    until_ok 120 runbooks/verify-instance.sh "$instance"
    t0=$(now_ms)
    docker kill "$name" >/dev/null
    until_ok 120 healthy "$name"
    t1=$(now_ms)
    until_ok 180 runbooks/verify-instance.sh "$instance"
    t2=$(now_ms)
    to_healthy[$service]+="$((t1 - t0)) "
    to_verified[$service]+="$((t2 - t0)) "
  done
done

printf '%-9s %14s %16s   (ms from docker kill, median of %s, instance %s; all runs)\n' service healthy "verify PASS" "$runs" "$instance"
for service in $services; do
  printf '%-9s %14s %16s   healthy: %s| verified: %s\n' "$service" \
    "$(tr ' ' '\n' <<<"${to_healthy[$service]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${to_verified[$service]}" | grep . | median)" \
    "${to_healthy[$service]}" "${to_verified[$service]}"
done
