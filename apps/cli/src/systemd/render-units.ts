// Pure: options in, unit-file text out. No I/O, so every line can be tested exactly.

export const WATCHER_UNIT = "dehandler-watcher.service";
export const WORKER_UNIT = "dehandler-worker.service";
export const UNIT_NAMES = [WATCHER_UNIT, WORKER_UNIT] as const;

export interface UnitOptions {
  /** Absolute path of the node binary. */
  node: string;
  /** Absolute path of the checkout (or installed copy) holding apps/watcher/dist and apps/worker/dist. */
  prefix: string;
  /** Absolute path of the EnvironmentFile. */
  envFile: string;
  /** Redis runs on this host: order the units after Debian's redis-server.service. */
  localRedis: boolean;
}

// The worker gets DEHANDLER_SHUTDOWN_TIMEOUT_MS (25 s by default) to finish its jobs on SIGTERM;
// systemd waits a little longer before SIGKILL.
const STOP_TIMEOUT_SEC = 40;

function dependencies(options: UnitOptions): string[] {
  const after = ["network-online.target", "docker.service", ...(options.localRedis ? ["redis-server.service"] : [])];
  return [`Wants=${after.join(" ")}`, `After=${after.join(" ")}`];
}

function serviceCommon(options: UnitOptions, app: "watcher" | "worker"): string[] {
  return [
    "Type=exec",
    `EnvironmentFile=${options.envFile}`,
    `ExecStart=${options.node} ${options.prefix}/apps/${app}/dist/main.js`,
    "Restart=always",
    "RestartSec=5",
    `TimeoutStopSec=${STOP_TIMEOUT_SEC}`,
    "KillMode=mixed",
  ];
}

// Hardening both processes tolerate: Node needs W^X-violating JIT pages, so no MemoryDenyWriteExecute.
const COMMON_HARDENING = [
  "NoNewPrivileges=yes",
  "LockPersonality=yes",
  "RestrictRealtime=yes",
  "RestrictSUIDSGID=yes",
  "SystemCallArchitectures=native",
];

/**
 * The watcher only reads the engine: an unprivileged transient user (DynamicUser) that may use the
 * Docker socket through the docker group, no capabilities, a read-only file system.
 */
export function renderWatcherUnit(options: UnitOptions): string {
  return lines([
    "[Unit]",
    "Description=dehandler watcher: queues a job for every container start",
    ...dependencies(options),
    "",
    "[Service]",
    ...serviceCommon(options, "watcher"),
    "DynamicUser=yes",
    "SupplementaryGroups=docker",
    "CapabilityBoundingSet=",
    "AmbientCapabilities=",
    ...COMMON_HARDENING,
    "ProtectSystem=strict",
    "ProtectHome=read-only",
    "PrivateTmp=yes",
    "PrivateDevices=yes",
    "ProtectKernelTunables=yes",
    "ProtectKernelModules=yes",
    "ProtectKernelLogs=yes",
    "ProtectControlGroups=yes",
    "ProtectClock=yes",
    "ProtectHostname=yes",
    "RestrictNamespaces=yes",
    "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
  ]);
}

/**
 * The worker enters containers' network namespaces (nsenter, CAP_SYS_ADMIN) and changes addresses
 * and routes (CAP_NET_ADMIN), and runs the operator's start scripts on the host: root in the host's
 * pid and network namespaces, capped to those two capabilities. The file system stays writable
 * except /usr and /boot (ProtectSystem=yes) and home folders (read-only), because start scripts
 * are the operator's code and may write under /etc, /var or /run; no RestrictNamespaces (setns is
 * the whole point) and no PrivateTmp/PrivateDevices (scripts share /tmp and /dev with the host).
 */
export function renderWorkerUnit(options: UnitOptions): string {
  return lines([
    "[Unit]",
    "Description=dehandler worker: applies container labels (addresses, routes, rules) and start scripts",
    ...dependencies(options),
    "",
    "[Service]",
    ...serviceCommon(options, "worker"),
    "User=root",
    "CapabilityBoundingSet=CAP_NET_ADMIN CAP_SYS_ADMIN",
    // Set here, before the capabilities are capped, so the worker needs no CAP_SYS_NICE of its own.
    "Nice=-10",
    // DEHANDLER_STATE_DIR's default: kept across restarts of the worker, cleared at boot.
    "RuntimeDirectory=dehandler",
    "RuntimeDirectoryMode=0700",
    "RuntimeDirectoryPreserve=yes",
    ...COMMON_HARDENING,
    "ProtectSystem=yes",
    "ProtectHome=read-only",
    "ProtectKernelModules=yes",
    "ProtectControlGroups=yes",
    "ProtectClock=yes",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
  ]);
}

/** The env file written on first install; REDIS_URL only when the installing shell had one. */
export function renderEnvFile(settings: { redisUrl: string | undefined; dockerHost: string | undefined }): string {
  return lines([
    "# dehandler settings, read by dehandler-watcher.service and dehandler-worker.service.",
    "# Mode 0600: REDIS_URL may hold a password. `dehandler install` never overwrites this file.",
    "# Do not set DEHANDLER_METRICS_PORT here: both processes read this file (watcher 9464, worker 9465).",
    settings.redisUrl === undefined ? "#REDIS_URL=redis://127.0.0.1:6379" : `REDIS_URL=${settings.redisUrl}`,
    settings.dockerHost === undefined ? "#DOCKER_HOST=unix:///var/run/docker.sock" : `DOCKER_HOST=${settings.dockerHost}`,
    "#DEHANDLER_HOST_CHANGES=deny",
    "#DEHANDLER_HOST_ROUTE_CIDRS=",
    "#DEHANDLER_LABEL_VARS=",
    "#DEHANDLER_SCRIPTS_DIR=/etc/dehandler/scripts",
  ]);
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** Unset (dehandler's default is 127.0.0.1:6379) or a loopback host. Unparseable: not local. */
export function isLocalRedis(redisUrl: string | undefined): boolean {
  if (redisUrl === undefined || redisUrl.trim() === "") return true;
  try {
    return LOOPBACK_HOSTS.has(new URL(redisUrl).hostname);
  } catch {
    return false;
  }
}

function lines(all: readonly string[]): string {
  return `${all.join("\n")}\n`;
}
