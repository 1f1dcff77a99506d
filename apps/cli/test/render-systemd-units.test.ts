import { describe, expect, it } from "vitest";
import { isLocalRedis, renderEnvFile, renderWatcherUnit, renderWorkerUnit, type UnitOptions } from "../src/systemd/render-units.js";

const BASE: UnitOptions = { node: "/usr/bin/node", prefix: "/opt/dehandler", envFile: "/etc/dehandler/dehandler.env", localRedis: true };

/** The lines of one section, without blank lines. */
function section(text: string, name: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(`[${name}]`);
  expect(start, `section [${name}]`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith("["));
  return (end === -1 ? rest : rest.slice(0, end)).filter((line) => line !== "");
}

describe("renderWatcherUnit / renderWorkerUnit", () => {
  it.each([
    ["watcher", renderWatcherUnit, "ExecStart=/usr/bin/node /opt/dehandler/apps/watcher/dist/main.js"],
    ["worker", renderWorkerUnit, "ExecStart=/usr/bin/node /opt/dehandler/apps/worker/dist/main.js"],
  ] as const)("%s: absolute ExecStart without a shell, env file, restart policy", (_name, render, execStart) => {
    expect(section(render(BASE), "Service").slice(0, 7)).toEqual([
      "Type=exec",
      "EnvironmentFile=/etc/dehandler/dehandler.env",
      execStart,
      "Restart=always",
      "RestartSec=5",
      "TimeoutStopSec=40",
      "KillMode=mixed",
    ]);
    expect(section(render(BASE), "Install")).toEqual(["WantedBy=multi-user.target"]);
  });

  it.each([
    [
      "local Redis",
      true,
      ["Wants=network-online.target docker.service redis-server.service", "After=network-online.target docker.service redis-server.service"],
    ],
    ["remote Redis", false, ["Wants=network-online.target docker.service", "After=network-online.target docker.service"]],
  ] as const)("%s: ordering in [Unit]", (_name, localRedis, expected) => {
    for (const render of [renderWatcherUnit, renderWorkerUnit]) {
      expect(section(render({ ...BASE, localRedis }), "Unit").slice(1)).toEqual(expected);
    }
  });

  it("watcher: unprivileged dynamic user in the docker group, no capabilities, read-only system", () => {
    expect(section(renderWatcherUnit(BASE), "Service").slice(7)).toEqual([
      "DynamicUser=yes",
      "SupplementaryGroups=docker",
      "CapabilityBoundingSet=",
      "AmbientCapabilities=",
      "NoNewPrivileges=yes",
      "LockPersonality=yes",
      "RestrictRealtime=yes",
      "RestrictSUIDSGID=yes",
      "SystemCallArchitectures=native",
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
    ]);
  });

  it("worker: root capped to NET_ADMIN and SYS_ADMIN, setns allowed, /usr read-only, /etc and /tmp shared with start scripts", () => {
    const service = section(renderWorkerUnit(BASE), "Service");
    expect(service.slice(7)).toEqual([
      "User=root",
      "CapabilityBoundingSet=CAP_NET_ADMIN CAP_SYS_ADMIN",
      "Nice=-10",
      "RuntimeDirectory=dehandler",
      "RuntimeDirectoryMode=0700",
      "RuntimeDirectoryPreserve=yes",
      "NoNewPrivileges=yes",
      "LockPersonality=yes",
      "RestrictRealtime=yes",
      "RestrictSUIDSGID=yes",
      "SystemCallArchitectures=native",
      "ProtectSystem=yes",
      "ProtectHome=read-only",
      "ProtectKernelModules=yes",
      "ProtectControlGroups=yes",
      "ProtectClock=yes",
    ]);
    for (const breaking of [
      "RestrictNamespaces",
      "PrivateTmp",
      "PrivateDevices",
      "PrivateNetwork",
      "MemoryDenyWriteExecute",
      "ProtectProc",
      "DynamicUser",
    ]) {
      expect(
        service.some((line) => line.startsWith(`${breaking}=`)),
        breaking,
      ).toBe(false);
    }
  });
});

describe("isLocalRedis", () => {
  it.each([
    [undefined, true],
    ["", true],
    ["redis://127.0.0.1:6379", true],
    ["redis://:secret@localhost:6390/2", true],
    ["redis://[::1]:6379", true],
    ["redis://10.0.0.5:6379", false],
    ["rediss://user:pw@redis.example:6380", false],
    ["not a url", false],
  ])("%j → %s", (url, expected) => {
    expect(isLocalRedis(url)).toBe(expected);
  });
});

describe("renderEnvFile", () => {
  it.each([
    [{ redisUrl: undefined, dockerHost: undefined }, ["#REDIS_URL=redis://127.0.0.1:6379", "#DOCKER_HOST=unix:///var/run/docker.sock"]],
    [
      { redisUrl: "redis://:pw@10.0.0.5:6379", dockerHost: "tcp://proxy:2375" },
      ["REDIS_URL=redis://:pw@10.0.0.5:6379", "DOCKER_HOST=tcp://proxy:2375"],
    ],
  ])("%j", (settings, expected) => {
    const lines = renderEnvFile(settings).split("\n");
    expect(lines.slice(3, 5)).toEqual(expected);
    expect(lines.filter((line) => line !== "" && !line.startsWith("#")).every((line) => /^[A-Z_]+=/.test(line))).toBe(true);
  });
});
