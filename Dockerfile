# One image for every dehandler process. The first argument picks it:
#   docker run IMAGE watcher | worker | board | launcher | dehandler <command>…
# `docker run IMAGE` alone prints that list. See docs/deployment.md.
#
# BASE_IMAGE must be Debian 12 (bookworm) with Node.js 20.19+ or 22+ at `node`/`npm`; the
# official node:20-bookworm-slim by default. scripts/deploy-test.sh builds one without a registry.
ARG BASE_IMAGE=node:20-bookworm-slim

# ---- build: full install, compile every workspace, then drop dev dependencies -------------
FROM ${BASE_IMAGE} AS build
ENV TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1 \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false
WORKDIR /app
# Manifests first, so `npm ci` is cached until one of them changes.
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY apps/board/package.json    apps/board/
COPY apps/cli/package.json      apps/cli/
COPY apps/launcher/package.json apps/launcher/
COPY apps/watcher/package.json  apps/watcher/
COPY apps/worker/package.json   apps/worker/
COPY libs/contract/package.json libs/contract/
COPY libs/engine/package.json   libs/engine/
COPY libs/labels/package.json   libs/labels/
COPY libs/netns/package.json    libs/netns/
COPY libs/service/package.json  libs/service/
RUN npm ci
COPY apps apps
COPY libs libs
RUN npx turbo run build --output-logs=errors-only \
 && npm prune --omit=dev \
 && rm -rf apps/*/src libs/*/src apps/*/tsconfig*.json libs/*/tsconfig*.json \
           node_modules/.cache .turbo apps/*/.turbo libs/*/.turbo

# ---- runtime: node, the compiled apps, production dependencies, ip and nsenter -------------
FROM ${BASE_IMAGE} AS runtime
# iproute2: the real `ip`; util-linux: nsenter (and setpriv). Nothing to build with.
RUN apt-get update \
 && apt-get install -y --no-install-recommends iproute2 util-linux \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && groupadd --system --gid 10001 dehandler \
 && useradd --system --uid 10001 --gid dehandler --home-dir /nonexistent --no-create-home \
            --shell /usr/sbin/nologin dehandler
ENV NODE_ENV=production \
    DOCKER_HOST=unix:///var/run/docker.sock
WORKDIR /app
COPY --from=build /app /app
RUN printf '%s\n' \
      '#!/bin/sh' \
      '# dehandler <command>...: the dehandler command line (lint, plan, apply, dlq, status)' \
      'exec node /app/apps/cli/dist/main.js "$@"' >/usr/local/bin/dehandler \
 && printf '%s\n' \
      '#!/bin/sh' \
      '# The image entry point: the first argument names the process.' \
      'set -e' \
      'usage() {' \
      '  echo "usage: docker run IMAGE watcher | worker | board | launcher | dehandler <command>... | <any command>"' \
      '  echo "  watcher   follows the engine and queues container starts (read-only engine access)"' \
      '  echo "  worker    applies labels (root, pid: host, network_mode: host, NET_ADMIN + SYS_ADMIN)"' \
      '  echo "  board     Bull Board on 127.0.0.1:3000"' \
      '  echo "  launcher  watcher + worker in one container (what npm start runs)"' \
      '  echo "  dehandler the command line: dehandler --help"' \
      '}' \
      'engine_check() {' \
      '  case "${DOCKER_HOST:-}" in unix://*) sock="${DOCKER_HOST#unix://}" ;; *) return 0 ;; esac' \
      '  if [ ! -S "$sock" ]; then echo "dehandler: no engine socket at $sock (mount it, or set DOCKER_HOST)" >&2; exit 2; fi' \
      '  if [ ! -r "$sock" ] || [ ! -w "$sock" ]; then' \
      '    echo "dehandler: uid $(id -u) (groups $(id -G)) cannot use $sock (owner $(stat -c %u:%g "$sock")): set DOCKER_GID=$(stat -c %g "$sock") in .env" >&2' \
      '    exit 2' \
      '  fi' \
      '}' \
      'case "${1:-help}" in' \
      '  watcher|worker|launcher) app="$1"; shift; engine_check; exec node "/app/apps/$app/dist/main.js" "$@" ;;' \
      '  board) shift; exec node /app/apps/board/dist/main.js "$@" ;;' \
      '  dehandler|cli) shift; exec node /app/apps/cli/dist/main.js "$@" ;;' \
      '  help|-h|--help) usage ;;' \
      '  *) exec "$@" ;;' \
      'esac' >/usr/local/bin/dehandler-entrypoint \
 && chmod 0755 /usr/local/bin/dehandler /usr/local/bin/dehandler-entrypoint
# watcher, board and the command run unprivileged; compose runs the worker as root.
USER dehandler
ENTRYPOINT ["/usr/local/bin/dehandler-entrypoint"]
CMD ["help"]
LABEL org.opencontainers.image.title="dehandler" \
      org.opencontainers.image.description="Applies addresses, routes, policy rules and host routes declared in container labels when Docker containers start."
