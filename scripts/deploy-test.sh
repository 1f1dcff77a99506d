#!/usr/bin/env bash
# A real deployment test of the image and docker-compose.yml, without any container registry:
#   1. debootstrap a minimal Debian 12 root filesystem, copy this machine's Node.js (20.19+) and
#      npm into it, `docker import` it: that is BASE_IMAGE (what node:20-bookworm-slim is elsewhere);
#   2. build a Redis image from it (Debian's redis-server) and the dehandler image from the Dockerfile;
#   3. `docker-compose -p <unique> up -d` (Debian's docker-compose 1.29 here; Compose v2 works too)
#      with host changes allowed inside 198.18.0.0/15 for this run only;
#   4. start a labeled busybox container and wait until its address (in the container) and its
#      host route (on the host, made by the containerized worker) are there;
#   5. stop it and wait until the worker has removed the host route again;
#   6. tear everything down, even on failure: containers, networks, volumes, images, host route.
# Not part of `npm test`. Needs root, debootstrap, docker-compose (or docker compose), busybox-static,
# iproute2, and an engine at DOCKER_HOST. Takes a few minutes (debootstrap and npm ci dominate).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

RUN_ID="dhdt$(date +%s)$$"
PROJECT="$RUN_ID"
TAG="$RUN_ID"
BASE_IMAGE="dehandler-deploy-test/base:$TAG"
REDIS_IMAGE="dehandler-deploy-test/redis:$TAG"
APP_IMAGE="dehandler-deploy-test/dehandler:$TAG"
TARGET_IMAGE="dehandler-deploy-test/busybox:$TAG"
TARGET="$RUN_ID-target"
NET="$RUN_ID-net"
WORK=$(mktemp -d /tmp/dhdt-XXXXXX)
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
TIMEOUT_S="${DEPLOY_TEST_TIMEOUT_S:-60}"
HOST_ROUTE=""

START=$(date +%s)
phase_start=$START
phase() { # phase NAME: print how long the previous phase took
  local now; now=$(date +%s)
  printf '[deploy-test] %-44s +%3ss (total %ss)\n' "$1" "$((now - phase_start))" "$((now - START))"
  phase_start=$now
}
log() { printf '[deploy-test] %s\n' "$*"; }
die() { printf '[deploy-test] FAIL: %s\n' "$*" >&2; exit 1; }

if command -v docker-compose >/dev/null; then COMPOSE=(docker-compose)
elif docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose)
else die "needs docker-compose (apt-get install -y --no-install-recommends docker-compose) or docker compose"; fi
for tool in debootstrap docker ip busybox node; do
  command -v "$tool" >/dev/null || die "needs $tool"
done
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, host routes)"
docker version >/dev/null 2>&1 || die "no engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
case "${DOCKER_HOST:-unix:///var/run/docker.sock}" in
  unix://*) SOCKET="${DOCKER_HOST:-unix:///var/run/docker.sock}"; SOCKET="${SOCKET#unix://}" ;;
  *) die "DOCKER_HOST must be a unix socket: compose mounts it into the watcher and the worker" ;;
esac

compose() {
  "${COMPOSE[@]}" -p "$PROJECT" -f "$REPO/docker-compose.yml" -f "$WORK/override.yml" "$@"
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ "$rc" != 0 ] && [ -f "$WORK/override.yml" ]; then
    log "logs of the stack (failure):"
    compose logs --no-color --tail=40 2>&1 | sed 's/^/    /'
  fi
  docker rm -f "$TARGET" >/dev/null 2>&1
  [ -f "$WORK/override.yml" ] && compose --profile board down --volumes --remove-orphans --timeout 10 >/dev/null 2>&1
  docker network rm "$NET" >/dev/null 2>&1
  [ -n "$HOST_ROUTE" ] && ip route del "$HOST_ROUTE" >/dev/null 2>&1
  docker rmi -f "$TARGET_IMAGE" "$APP_IMAGE" "$REDIS_IMAGE" >/dev/null 2>&1
  # the untagged build-stage images (and those of a failed build) descend from this run's base
  local base_id image parent steps
  base_id=$(docker image inspect -f '{{.Id}}' "$BASE_IMAGE" 2>/dev/null)
  if [ -n "$base_id" ]; then
    for image in $(docker images -q --no-trunc --filter dangling=true); do
      parent=$image; steps=0
      while [ -n "$parent" ] && [ "$parent" != "$base_id" ] && [ "$steps" -lt 100 ]; do
        parent=$(docker image inspect -f '{{.Parent}}' "$parent" 2>/dev/null); steps=$((steps + 1))
      done
      [ "$parent" = "$base_id" ] && docker rmi -f "$image" >/dev/null 2>&1
    done
    docker rmi -f "$BASE_IMAGE" >/dev/null 2>&1
  fi
  rm -rf "$WORK"
  local leftovers
  leftovers=$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"; docker volume ls -q --filter "name=${PROJECT}_")
  [ -n "$leftovers" ] && log "warning: left behind: $leftovers"
  phase "cleanup"
  if [ "$rc" = 0 ]; then log "PASS in $(( $(date +%s) - START ))s"; else log "FAILED (exit $rc) after $(( $(date +%s) - START ))s"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "run $RUN_ID, engine $SOCKET, compose: ${COMPOSE[*]}"

# ---- 1. base image: Debian 12 minbase + this machine's Node.js and npm ------------------------
node_bin=$(readlink -f "$(command -v node)")
node_version=$("$node_bin" --version)
case "$node_version" in v20.19.*|v20.[2-9][0-9].*|v2[2-9].*) ;; *) die "node $node_version here; the image needs 20.19+ or 22+" ;; esac
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
[ -f "$npm_dir/package.json" ] || die "cannot find npm's folder (got $npm_dir)"
rootfs="$WORK/rootfs"
debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
  || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# This machine's CA bundle too, as node:20-bookworm-slim would trust the public CAs: here the npm
# registry may be reached through a TLS-inspecting proxy whose CA only the machine knows.
ca_bundle=""
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  ca_bundle=/etc/ssl/certs/ca-certificates.crt
  install -D -m 0644 "$ca_bundle" "$rootfs$ca_bundle"
fi
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/tmp/*
chroot "$rootfs" /usr/local/bin/node --version >/dev/null || die "node does not run in the rootfs"
tar --numeric-owner -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["node"]' \
  ${ca_bundle:+-c "ENV NODE_EXTRA_CA_CERTS=$ca_bundle"} \
  - "$BASE_IMAGE" >/dev/null
rm -rf "$rootfs"
phase "base image (debootstrap + node $node_version)"

# ---- 2. images: Redis from Debian's package, dehandler from the Dockerfile --------------------
# The engine may have no default bridge (--bridge=none): builds use the host's network for apt/npm.
export DOCKER_BUILDKIT=0
docker build -q --network host --label "dehandler-deploy-test=$RUN_ID" -t "$REDIS_IMAGE" - >/dev/null <<DOCKERFILE
FROM $BASE_IMAGE
RUN apt-get update && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* && mkdir -p /data && chown redis:redis /data
WORKDIR /data
USER redis
CMD ["redis-server"]
DOCKERFILE
phase "redis image (Debian's redis-server)"
docker build --force-rm --network host --label "dehandler-deploy-test=$RUN_ID" --build-arg "BASE_IMAGE=$BASE_IMAGE" \
  -t "$APP_IMAGE" "$REPO" >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "docker build failed"; }
log "image $APP_IMAGE: $(docker image inspect -f '{{.Size}}' "$APP_IMAGE" | awk '{printf "%d MB", $1/1e6}')"
phase "dehandler image (npm ci, turbo build, prune)"

# the image's own contract
docker run --rm --network none "$APP_IMAGE" | grep -q "watcher" || die "docker run IMAGE prints no usage"
[ "$(docker run --rm --network none "$APP_IMAGE" id -u)" != 0 ] || die "the image's default user is root"
docker run --rm --network none --entrypoint sh "$APP_IMAGE" -c \
  'command -v ip && command -v nsenter && ip -V | grep -q iproute2 && ! command -v gcc && ! command -v make' >/dev/null \
  || die "the runtime image must have iproute2 and nsenter and no build tools"
docker run --rm --network none "$APP_IMAGE" dehandler --help >/dev/null || die "dehandler --help failed"

# ---- 3. the stack -------------------------------------------------------------------------------
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
mkdir -m 0755 "$WORK/scripts"
cat >"$WORK/override.yml" <<YAML
# this run only: host routes allowed inside the benchmarking range, only this run's container
services:
  watcher:
    environment:
      DEHANDLER_WATCH_LABELS: dehandler-deploy-test=$RUN_ID
  worker:
    environment:
      DEHANDLER_HOST_CHANGES: allow
      DEHANDLER_HOST_ROUTE_CIDRS: 198.18.0.0/15
YAML
export DEHANDLER_IMAGE="$APP_IMAGE" DEHANDLER_REDIS_IMAGE="$REDIS_IMAGE" \
       DOCKER_SOCKET="$SOCKET" DOCKER_GID="$(stat -c %g "$SOCKET")" \
       DEHANDLER_REDIS_PORT="$(free_port)" DEHANDLER_WORKER_METRICS_PORT="$(free_port)" \
       DEHANDLER_BOARD_PORT="$(free_port)" DEHANDLER_SCRIPTS_HOST_DIR="$WORK/scripts" \
       DEHANDLER_ENGINE_ID="$RUN_ID" LOG_LEVEL=info
compose config -q || die "compose config refused the file"
compose --profile board up -d --no-build >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; die "compose up failed"; }
phase "compose up -d (redis healthy first)"

wait_until() { # wait_until SECONDS WHAT COMMAND...
  local deadline=$(( $(date +%s) + $1 )) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || die "timed out waiting for $what"
    sleep 0.5
  done
}
healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$(compose ps -q "$1")")" = healthy ]; }
wait_until "$TIMEOUT_S" "watcher healthy" healthy watcher
wait_until "$TIMEOUT_S" "worker healthy" healthy worker
board_up() { node -e "fetch('http://127.0.0.1:$DEHANDLER_BOARD_PORT/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; }
wait_until "$TIMEOUT_S" "board on 127.0.0.1:$DEHANDLER_BOARD_PORT" board_up
[ "$(docker inspect -f '{{.Config.User}}' "$(compose ps -q watcher)")" = "10001:10001" ] || die "watcher is not the unprivileged user"
phase "watcher, worker, board healthy"

# ---- 4. a labeled container: address inside, route on the host ---------------------------------
for _ in $(seq 1 20); do # a 198.19.N.0/24 for the container's network and a 198.18.N.0/24 to route
  n=$(( RANDOM % 250 + 1 ))
  ip route show | grep -qE "^198\.1[89]\.$n\." || break
done
mkdir -p "$WORK/busybox/bin"
cp "$(command -v busybox)" "$WORK/busybox/bin/busybox"
for applet in sh sleep ip; do ln -s busybox "$WORK/busybox/bin/$applet"; done
tar -C "$WORK/busybox" -c . | docker import - "$TARGET_IMAGE" >/dev/null
docker network create --subnet "198.19.$n.0/24" --gateway "198.19.$n.1" "$NET" >/dev/null
HOST_ROUTE="198.18.$n.0/24"
t0=$(date +%s%N)
docker run -d --name "$TARGET" --network "$NET" --ip "198.19.$n.2" \
  --label "dehandler-deploy-test=$RUN_ID" \
  --label "docker-events.address=add 198.18.$n.1/32 dev eth0" \
  --label "docker-events.host-route=add $HOST_ROUTE via 198.19.$n.2" \
  "$TARGET_IMAGE" sleep 600 >/dev/null
configured() {
  docker exec "$TARGET" ip -4 address show dev eth0 | grep -q "inet 198.18.$n.1/32" \
    && ip route show "$HOST_ROUTE" | grep -q "via 198.19.$n.2"
}
wait_until "$TIMEOUT_S" "$TARGET configured (address 198.18.$n.1 inside, host route $HOST_ROUTE)" configured
log "configured $(( ($(date +%s%N) - t0) / 1000000 )) ms after docker run: $(ip route show "$HOST_ROUTE")"
compose exec -T worker dehandler status >"$WORK/status.txt" 2>&1 || { cat "$WORK/status.txt" >&2; die "dehandler status failed in the worker"; }
grep -q "$RUN_ID" "$WORK/status.txt" || { cat "$WORK/status.txt" >&2; die "dehandler status does not show engine $RUN_ID"; }
phase "labeled container configured"

# ---- 5. the container stops: the containerized worker removes its host route again ------------
docker stop -t 0 "$TARGET" >/dev/null
route_gone() { ! ip route show "$HOST_ROUTE" | grep -q .; }
wait_until "$TIMEOUT_S" "host route $HOST_ROUTE removed after $TARGET stopped" route_gone
phase "host route removed when the container stopped"
