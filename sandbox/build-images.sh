#!/usr/bin/env bash
# Builds the sandbox's images locally: no image registry is reachable, so the base image comes from
# debootstrap + docker import, and every service image is a `docker build` on top of it with
# binaries built here (OPA and FerretDB from the Go module proxy, the stand-in app from
# sandbox/app, Keycloak's distribution from Maven Central).
# usage: sandbox/build-images.sh [--rebuild]    (without --rebuild, an image is kept while the
#        inputs it was built from are unchanged: its label dive.ops.inputs holds their digest)
set -euo pipefail

SANDBOX=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$SANDBOX")
CACHE=${DIVE_OPS_TOOLS:-$ROOT/.tools}/sandbox
REBUILD=false
[ "${1:-}" = --rebuild ] && REBUILD=true

OPA_VERSION=v1.4.2
FERRETDB_VERSION=v1.24.2
KEYCLOAK_VERSION=26.4.7
APP_VERSIONS=(1.0.0 1.1.0)
BASE=dive-ops/base:bookworm

say() { printf 'sandbox: %s\n' "$*" >&2; }
INPUTS_LABEL=dive.ops.inputs

# The digest of what an image is built from: its folder under images/ plus the caller's extra
# inputs (source folders under the repository, version strings). Paths are taken relative to the
# repository, so every checkout of the same sources agrees on the digest and keeps the image.
inputs() {
  local dir=$1; shift
  local item
  {
    (cd "$ROOT" && find "sandbox/images/$dir" -type f -print0 | sort -z | xargs -0 sha256sum)
    for item in "$@"; do
      if [ -d "$ROOT/$item" ]; then
        (cd "$ROOT" && find "$item" -type f -print0 | sort -z | xargs -0 sha256sum)
      else
        printf '%s\n' "$item"
      fi
    done
  } | sha256sum | cut -c1-16
}

# wanted <image> <dir> [inputs...]: build when asked to rebuild, when the image is missing, or when
# it was built from other inputs (an edited entrypoint.sh reaches the sandbox on the next `up`).
wanted() {
  local image=$1; shift
  $REBUILD && return 0
  local built
  built=$(docker image inspect -f "{{index .Config.Labels \"$INPUTS_LABEL\"}}" "$image" 2>/dev/null) || return 0
  [ "$built" != "$(inputs "$@")" ]
}

mkdir -p "$CACHE"

# The Debian mirror this machine already uses for its own packages.
debian_mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || { echo "no Debian mirror found in the apt sources" >&2; exit 1; }
  echo "$uri"
}

build_base() {
  docker image inspect "$BASE" >/dev/null 2>&1 && ! $REBUILD && return 0
  command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
  say "base image: debootstrap bookworm (a few minutes, once)"
  local rootfs; rootfs=$(mktemp -d /var/tmp/dive-rootfs.XXXXXX)
  # One base for every service: PostgreSQL, Redis, the JRE for Keycloak, curl for health checks,
  # tini as PID 1 so signals reach the service and zombies are reaped.
  debootstrap --variant=minbase \
    --include=postgresql,redis-server,openjdk-17-jre-headless,curl,ca-certificates,procps,tini \
    bookworm "$rootfs" "$(debian_mirror)" >"$CACHE/debootstrap.log" 2>&1 \
    || { echo "debootstrap failed: see $CACHE/debootstrap.log" >&2; rm -rf "$rootfs"; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' - "$BASE" >/dev/null
  rm -rf "$rootfs"
}

# go install into the cache, once per version.
go_binary() {
  local name=$1 module=$2 version=$3
  local bin="$CACHE/$name-$version"
  if [ ! -x "$bin" ]; then
    say "building $name $version from the Go module proxy"
    local gobin; gobin=$(mktemp -d)
    CGO_ENABLED=0 GOBIN=$gobin go install "$module@$version" >"$CACHE/$name.log" 2>&1 \
      || { echo "go install $module@$version failed: see $CACHE/$name.log" >&2; exit 1; }
    mv "$gobin/$name" "$bin"; rmdir "$gobin"
  fi
  echo "$bin"
}

# build <image> <dir> [inputs...] [-- file-to-copy-into-context=name...]: the Dockerfile's folder
# plus extras, labelled with the digest of its inputs (see wanted).
build() {
  local image=$1 dir=$2; shift 2
  local digest_of=("$dir") extras=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do digest_of+=("$1"); shift; done
  [ $# -gt 0 ] && shift && extras=("$@")
  wanted "$image" "${digest_of[@]}" || return 0
  say "image $image"
  local context; context=$(mktemp -d)
  cp -r "$SANDBOX/images/$dir/." "$context/"
  local extra
  for extra in "${extras[@]}"; do cp -r "${extra%%=*}" "$context/${extra#*=}"; done
  local log="$CACHE/build-${dir}.log"
  docker build -t "$image" --label dive.ops.managed=true --label "$INPUTS_LABEL=$(inputs "${digest_of[@]}")" "$context" >"$log" 2>&1 \
    || { rm -rf "$context"; tail -20 "$log" >&2; echo "docker build of $image failed: see $log" >&2; exit 1; }
  rm -rf "$context"
}

# FerretDB's module embeds its version from a file that `git describe` writes in its own repository
# and that the published module lacks, so `go install` builds a binary that panics at start. Build
# from the module source with that one file written.
ferretdb_binary() {
  local bin="$CACHE/ferretdb-$FERRETDB_VERSION"
  if [ ! -x "$bin" ]; then
    say "building ferretdb $FERRETDB_VERSION from the Go module proxy"
    local module src
    module=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    [ -d "$module" ] || { echo "go mod download of FerretDB $FERRETDB_VERSION failed" >&2; exit 1; }
    src=$(mktemp -d)
    cp -r "$module/." "$src/" && chmod -R u+w "$src"
    echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
    (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/ferretdb) >"$CACHE/ferretdb.log" 2>&1 \
      || { rm -rf "$src"; echo "building FerretDB failed: see $CACHE/ferretdb.log" >&2; exit 1; }
    rm -rf "$src"
  fi
  echo "$bin"
}

keycloak_dist() {
  local dir="$CACHE/keycloak-$KEYCLOAK_VERSION"
  if [ ! -x "$dir/bin/kc.sh" ]; then
    say "fetching Keycloak $KEYCLOAK_VERSION (keycloak-quarkus-dist) from Maven Central"
    mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      -DoutputDirectory="$CACHE" >"$CACHE/keycloak.log" 2>&1 \
      || { echo "fetching Keycloak failed: see $CACHE/keycloak.log" >&2; exit 1; }
    rm -rf "$dir"; mkdir -p "$dir"
    (cd "$CACHE" && unzip -q "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$dir.tmp" \
      && mv "$dir.tmp"/keycloak-*/* "$dir/" && rm -rf "$dir.tmp" "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip")
  fi
  echo "$dir"
}

build_base
build dive-ops/postgres:15 postgres
build dive-ops/redis:7 redis
# Binaries are built only when their image is wanted; their versions are part of the inputs.
if wanted "dive-ops/opa:${OPA_VERSION#v}" opa "$OPA_VERSION" sandbox/opa/policy; then
  build "dive-ops/opa:${OPA_VERSION#v}" opa "$OPA_VERSION" sandbox/opa/policy -- \
    "$(go_binary opa github.com/open-policy-agent/opa "$OPA_VERSION")=opa" "$SANDBOX/opa/policy=policy"
fi
if wanted "dive-ops/ferretdb:${FERRETDB_VERSION#v}" ferretdb "$FERRETDB_VERSION"; then
  build "dive-ops/ferretdb:${FERRETDB_VERSION#v}" ferretdb "$FERRETDB_VERSION" -- "$(ferretdb_binary)=ferretdb"
fi
if wanted "dive-ops/keycloak:$KEYCLOAK_VERSION" keycloak "$KEYCLOAK_VERSION"; then
  build "dive-ops/keycloak:$KEYCLOAK_VERSION" keycloak "$KEYCLOAK_VERSION" -- "$(keycloak_dist)=keycloak"
fi
for version in "${APP_VERSIONS[@]}"; do
  if wanted "dive-ops/app:$version" app "$version" sandbox/app; then
    bin=$(mktemp -d)/sandbox-app
    (cd "$SANDBOX/app" && CGO_ENABLED=0 go build -trimpath -ldflags "-X main.version=$version" -o "$bin" .)
    build "dive-ops/app:$version" app "$version" sandbox/app -- "$bin=sandbox-app"
    rm -rf "$(dirname "$bin")"
  fi
done
say "images ready"
