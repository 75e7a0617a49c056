#!/bin/bash
# Debian's redis-server, password from the environment, append-only file on the volume.
set -euo pipefail
: "${REDIS_PASSWORD:?REDIS_PASSWORD is required}"
mkdir -p /data && chown redis:redis /data
conf=$(mktemp); chown redis "$conf"; chmod 600 "$conf"
cat >"$conf" <<CONF
bind 0.0.0.0
protected-mode no
port 6379
dir /data
appendonly yes
requirepass $REDIS_PASSWORD
CONF
exec runuser -u redis -- redis-server "$conf"
