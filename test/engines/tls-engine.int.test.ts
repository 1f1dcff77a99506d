import { engineQueueNames } from "@dehandler/contract";
import type Docker from "dockerode";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppProcess, type AppName } from "../harness/app-process.js";
import { runCli } from "../harness/cli-command.js";
import { useIntegration } from "../harness/context.js";
import { createContainer, startContainer } from "../harness/containers.js";
import { dockerFromHost, PrivateEngine } from "../harness/docker-engine.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { freePort } from "../harness/redis-server.js";
import { Stack } from "../harness/stack.js";
import { tempDir } from "../harness/temp-dir.js";
import { dockerCertPath, makeTestCertificates, type TestCertificates } from "../harness/test-certificates.js";
import { ensureTestImage } from "../harness/test-image.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

interface TlsEngine {
  engine: PrivateEngine;
  /** The engine's TLS address: what watcher, worker and CLI are given. */
  tcpUrl: string;
  /** The test's own way in, through the engine's unix socket. */
  docker: Docker;
  daemonId: string;
  certs: TestCertificates;
  dir: string;
}

/**
 * A dockerd of this test's own that listens on a unix socket (for the test) and on a TCP port that
 * only takes TLS clients whose certificate the test CA signed, as `dockerd --tlsverify` does.
 */
async function startTlsEngine(): Promise<TlsEngine> {
  const dir = await tempDir(t.cleanup, "/tmp/dh-etls-");
  const certs = await makeTestCertificates(dir);
  const port = await freePort();
  const tls = ["--tlsverify", "--tlscacert", certs.caFile, "--tlscert", certs.certFile, "--tlskey", certs.keyFile];
  // A second engine beside the suite's: no iptables rules of its own, a daemon ID of its own.
  const engine = await PrivateEngine.create(["--iptables=false", ...tls, "-H", `tcp://127.0.0.1:${port}`], { ownIdentity: true });
  t.cleanup.defer(`private engine ${engine.dir}`, () => engine.remove());
  await engine.start();
  const docker = dockerFromHost(engine.dockerHost);
  const daemonId = ((await docker.info()) as { ID: string }).ID;
  return { engine, tcpUrl: `tcp://127.0.0.1:${port}`, docker, daemonId, certs, dir };
}

/** DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for a client with the test CA and this client certificate. */
async function tlsEnv(engine: TlsEngine, name: string, client: TestCertificates["client"]): Promise<Record<string, string>> {
  const certPath = await dockerCertPath(join(engine.dir, name), { caFile: engine.certs.caFile, ...client });
  return { DOCKER_HOST: engine.tcpUrl, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certPath };
}

/** A watcher or worker not expected to get ready: started bare, killed in cleanup. */
async function startBare(app: AppName, env: Record<string, string>): Promise<AppProcess> {
  const state = await tempDir(t.cleanup, "/tmp/dh-etls-state-");
  const child = new AppProcess(app, {
    REDIS_URL: t.redisUrl,
    DEHANDLER_WATCH_LABELS: t.runLabel,
    LOG_LEVEL: "debug",
    DEHANDLER_STATE_DIR: state,
    ...env,
  });
  t.cleanup.defer(`${app} process`, async () => {
    if (child.running) child.kill("SIGKILL");
    await child.exited();
  });
  return child;
}

describe("an engine behind TLS (tcp://, dockerd --tlsverify)", () => {
  it("watcher, worker and CLI reach it with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and a container is configured", async () => {
    const tlsEngine = await startTlsEngine();
    const env = await tlsEnv(tlsEngine, "client", tlsEngine.certs.client);
    // Queues named from the daemon ID that watcher and worker each ask the engine for, over TLS.
    const stack = new Stack(
      { dockerHost: tlsEngine.tcpUrl, redisUrl: t.redisUrl, engineId: tlsEngine.daemonId, runLabel: t.runLabel, env },
      t.cleanup,
    );
    const worker = await stack.spawn("worker", { DEHANDLER_ENGINE_ID: "" });
    const watcher = await stack.spawn("watcher", { DEHANDLER_ENGINE_ID: "" });
    const queue = engineQueueNames(tlsEngine.daemonId).jobs;
    expect(worker.withMessage("worker taking jobs")[0]).toMatchObject({ queue });
    expect(watcher.withMessage("watcher starting")[0]).toMatchObject({ queue, endpoint: tlsEngine.tcpUrl });

    const image = await ensureTestImage(tlsEngine.docker);
    const created = await createContainer(tlsEngine.docker, t.cleanup, {
      name: t.unique("tls"),
      image,
      labels: { ...t.runLabels, "docker-events.address": "add 10.223.0.7/32 dev lo" },
    });
    const container = await startContainer(created);
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain("10.223.0.7/32");

    // The CLI reads the same settings: plan inspects the container over TLS.
    const plan = await runCli(["plan", container.name, "--json"], env);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ ok: true, container: { id: container.id } });
    for (const child of [worker, watcher]) expect(JSON.stringify(child.lines)).not.toMatch(/EngineTlsError|bad certificate/);
  });

  it("a client certificate from another CA is refused with a line naming the engine, the TLS alert and DOCKER_CERT_PATH's cert.pem", async () => {
    const tlsEngine = await startTlsEngine();
    // The right CA for the engine's certificate, but a client certificate the engine's CA never signed.
    const env = await tlsEnv(tlsEngine, "foreign", tlsEngine.certs.other.client);
    const certFile = join(env.DOCKER_CERT_PATH ?? "", "cert.pem");
    const refusal =
      `TLS: the engine at ${tlsEngine.tcpUrl} refused this client's certificate ${certFile} (DOCKER_CERT_PATH) with alert "bad certificate"; ` +
      "expected a client certificate signed by a CA the engine trusts (dockerd --tlscacert), and not expired";

    // Asking the engine for its daemon ID at start, or (given DEHANDLER_ENGINE_ID) pinging it, the
    // worker stops at once with the one line, not at its first job, and without a stack trace;
    // so does a watcher of one engine that must ask for the ID.
    const refused = [
      ["worker", ""],
      ["worker", t.unique("tls")],
      ["watcher", ""],
    ] as const;
    await Promise.all(
      refused.map(async ([app, engineId]) => {
        const child = await startBare(app, { ...env, DEHANDLER_ENGINE_ID: engineId });
        expect(await child.exited()).toMatchObject({ exitCode: 1 });
        expect(child.stderr.join("")).toBe(`dehandler-${app}: failed to start: ${refusal}\n`);
      }),
    );

    // A watcher given the ID keeps trying (the engine may be given the CA later), saying why each time.
    const watcher = await startBare("watcher", { ...env, DEHANDLER_ENGINE_ID: t.unique("tls"), DEHANDLER_RECONNECT_MAX_MS: "1000" });
    const warning = await waitFor(() => watcher.withMessage("engine unreachable; retrying")[0], {
      what: "the watcher to report the refused certificate",
    });
    expect(warning).toMatchObject({
      endpoint: tlsEngine.tcpUrl,
      err: { type: "EngineTlsError", problem: "client-certificate-refused", certPath: env.DOCKER_CERT_PATH },
    });
    // pino appends the cause's words (OpenSSL's line) after the message.
    expect((warning.err as { message: string }).message.startsWith(refusal)).toBe(true);
    expect(watcher.running).toBe(true);

    // And the CLI, exit 1 with the same words after its own.
    const plan = await runCli(["plan", "anything"], env);
    expect(plan).toMatchObject({ exitCode: 1, stdout: "" });
    expect(plan.stderr).toBe(`dehandler: cannot inspect anything at ${tlsEngine.tcpUrl} (DOCKER_HOST): ${refusal}`);
  });
});
