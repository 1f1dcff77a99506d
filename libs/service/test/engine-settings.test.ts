import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadEngineSettings } from "../src/index.js";

const run = promisify(execFile);

let root: string;
const folder = (name: string): string => join(root, name);

/** A CA, a client certificate it signed (clientAuth), and a server-only one (serverAuth). */
async function makeCertificates(dir: string): Promise<void> {
  const openssl = (args: string[]) => run("openssl", args, { cwd: dir });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=unit CA"]);
  for (const [name, usage] of [
    ["client", "clientAuth"],
    ["server", "serverAuth"],
  ] as const) {
    await writeFile(join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\nextendedKeyUsage=${usage}\n`);
    await openssl(["req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
    await openssl([
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.pem`,
      "-days",
      "1",
      "-extfile",
      `${name}.ext`,
    ]);
  }
  await openssl(["pkey", "-in", "client.key", "-out", "client-encrypted.key", "-aes256", "-passout", "pass:secret"]);
}

/** A DOCKER_CERT_PATH folder named `name` with these files (source file names in the certificates' folder). */
async function certPath(name: string, files: { ca?: string; cert?: string; key?: string }): Promise<string> {
  await mkdir(folder(name));
  for (const [target, source] of [
    ["ca.pem", files.ca],
    ["cert.pem", files.cert],
    ["key.pem", files.key],
  ] as const) {
    if (source !== undefined) await copyFile(join(folder("certs"), source), join(folder(name), target));
  }
  return folder(name);
}

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadEngineSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "dh-engine-tls-"));
  await mkdir(folder("certs"));
  await makeCertificates(folder("certs"));
  await certPath("good", { ca: "ca.pem", cert: "client.pem", key: "client.key" });
  await certPath("no-key", { ca: "ca.pem", cert: "client.pem" });
  await certPath("wrong-key", { ca: "ca.pem", cert: "client.pem", key: "server.key" });
  await certPath("server-cert", { ca: "ca.pem", cert: "server.pem", key: "server.key" });
  await certPath("encrypted-key", { ca: "ca.pem", cert: "client.pem", key: "client-encrypted.key" });
  await certPath("key-as-ca", { ca: "ca.key", cert: "client.pem", key: "client.key" });
  await certPath("cert-as-key", { ca: "ca.pem", cert: "client.pem", key: "client.pem" });
}, 30_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("loadEngineSettings", () => {
  it("reads DOCKER_HOST, the docker socket by default, without TLS unless DOCKER_TLS_VERIFY is set", () => {
    expect(loadEngineSettings({})).toEqual({ url: "unix:///var/run/docker.sock", tls: undefined });
    expect(loadEngineSettings({ DOCKER_HOST: "tcp://10.0.0.5:2376" })).toEqual({ url: "tcp://10.0.0.5:2376", tls: undefined });
    // Without DOCKER_TLS_VERIFY the folder is not even read.
    expect(loadEngineSettings({ DOCKER_HOST: "tcp://h:2376", DOCKER_CERT_PATH: "/nonexistent" }).tls).toBeUndefined();
  });

  it.each(["", "0", " 0 "])("takes DOCKER_TLS_VERIFY=%j for off", (value) => {
    expect(loadEngineSettings({ DOCKER_TLS_VERIFY: value, DOCKER_CERT_PATH: "/nonexistent" }).tls).toBeUndefined();
  });

  it.each(["1", "true", "yes"])("with DOCKER_TLS_VERIFY=%s, reads the three PEM files and keeps their folder for messages", async (value) => {
    const settings = loadEngineSettings({ DOCKER_HOST: "tcp://127.0.0.1:2376", DOCKER_TLS_VERIFY: value, DOCKER_CERT_PATH: folder("good") });
    expect(settings).toEqual({
      url: "tcp://127.0.0.1:2376",
      tls: {
        certPath: folder("good"),
        ca: await readFile(join(folder("good"), "ca.pem"), "utf8"),
        cert: await readFile(join(folder("good"), "cert.pem"), "utf8"),
        key: await readFile(join(folder("good"), "key.pem"), "utf8"),
      },
    });
  });

  it("looks in ~/.docker when DOCKER_CERT_PATH is unset, and says so when it is not there", () => {
    const error = configErrorOf({ DOCKER_TLS_VERIFY: "1", HOME: "/nonexistent-home" });
    expect(error.variable).toBe("DOCKER_CERT_PATH");
    expect(error.message).toMatch(
      /^DOCKER_CERT_PATH: expected a folder with ca\.pem, cert\.pem and key\.pem, as DOCKER_TLS_VERIFY is set \(cannot read .+\/\.docker\/ca\.pem: ENOENT\), it is unset$/,
    );
  });

  const expected = "DOCKER_CERT_PATH: expected a folder with ca.pem, cert.pem and key.pem, as DOCKER_TLS_VERIFY is set";
  it.each([
    ["nonexistent", (dir: string) => `(cannot read ${dir}/ca.pem: ENOENT)`],
    ["no-key", (dir: string) => `(cannot read ${dir}/key.pem: ENOENT)`],
    ["key-as-ca", (dir: string) => `(no PEM certificate in ${dir}/ca.pem)`],
    ["cert-as-key", (dir: string) => `(no PEM private key in ${dir}/key.pem)`],
    ["encrypted-key", (dir: string) => `(${dir}/key.pem is encrypted; the docker CLI's key.pem is not)`],
    ["wrong-key", (dir: string) => `(${dir}/key.pem is not the key of ${dir}/cert.pem)`],
    ["server-cert", (dir: string) => `(${dir}/cert.pem is not for clients: its extendedKeyUsage lacks clientAuth)`],
  ])("refuses the folder %s with one line naming DOCKER_CERT_PATH and the file", (name, detail) => {
    const dir = folder(name);
    const error = configErrorOf({ DOCKER_HOST: "tcp://127.0.0.1:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: dir });
    expect(error).toMatchObject({ variable: "DOCKER_CERT_PATH", received: dir });
    expect(error.message).toBe(`${expected} ${detail(dir)}, got ${JSON.stringify(dir)}`);
  });

  it.each([
    [{ DOCKER_CERT_PATH: "certs" }, 'DOCKER_CERT_PATH: expected an absolute folder path, got "certs"'],
    [{ DOCKER_HOST: "tcp://engine" }, 'DOCKER_HOST: expected unix:///path/to/docker.sock or tcp://host:port, got "tcp://engine"'],
    [{ DOCKER_HOST: "https://engine:2376" }, 'DOCKER_HOST: expected unix:///path/to/docker.sock or tcp://host:port, got "https://engine:2376"'],
  ])("refuses %j", (env, message) => {
    expect(() => loadEngineSettings({ DOCKER_TLS_VERIFY: "1", ...env })).toThrow(message);
  });
});
