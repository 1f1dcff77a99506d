import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { z } from "zod";
import { commonEnv } from "./common-env.js";
import { ConfigError, loadConfig } from "./load-config.js";

/** The docker CLI's three PEM files for an engine behind TLS, read at start from one folder. */
export interface EngineTlsFiles {
  /** The folder they came from (DOCKER_CERT_PATH, else ~/.docker): messages name it. */
  certPath: string;
  /** The CA that signed the engine's certificate. */
  ca: string;
  /** This client's certificate and its key, which the engine checks against its --tlscacert. */
  cert: string;
  key: string;
}

/**
 * How every process (watcher, worker, CLI) reaches the engine, read as the docker CLI reads it:
 * DOCKER_HOST and, with DOCKER_TLS_VERIFY set, TLS with the PEM files in DOCKER_CERT_PATH.
 */
export interface EngineSettings {
  /** unix:///path or tcp://host:port. */
  url: string;
  /** Set when DOCKER_TLS_VERIFY is: used for tcp:// engines (a unix socket needs none). */
  tls: EngineTlsFiles | undefined;
}

const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

const EngineEnvSchema = z.object({
  DOCKER_HOST: commonEnv.DOCKER_HOST,
  /** As for the docker CLI: tcp:// engines are reached over TLS, the engine's certificate checked. "0" is off. */
  DOCKER_TLS_VERIFY: z
    .string()
    .optional()
    .transform((raw) => raw !== undefined && raw.trim() !== "" && raw.trim() !== "0"),
  /** Folder of ca.pem, cert.pem and key.pem; unset: ~/.docker. Read only when DOCKER_TLS_VERIFY is set. */
  DOCKER_CERT_PATH: z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === "" ? undefined : raw.trim()))
    .refine((path) => path === undefined || isAbsolute(path), { message: "an absolute folder path" }),
});

/** Reads the engine's address and TLS files; a bad, missing or unreadable one is a ConfigError naming its variable. */
export function loadEngineSettings(env: Readonly<Record<string, string | undefined>>): EngineSettings {
  const parsed = loadConfig(EngineEnvSchema, env);
  if (!parsed.DOCKER_TLS_VERIFY) return { url: parsed.DOCKER_HOST, tls: undefined };
  return { url: parsed.DOCKER_HOST, tls: readEngineTlsFiles(parsed.DOCKER_CERT_PATH ?? join(homedir(), ".docker"), env.DOCKER_CERT_PATH) };
}

function readEngineTlsFiles(folder: string, raw: string | undefined): EngineTlsFiles {
  const refuse = (detail: string): ConfigError =>
    new ConfigError(
      "DOCKER_CERT_PATH",
      `a folder with ca.pem, cert.pem and key.pem, as DOCKER_TLS_VERIFY is set (${detail})`,
      raw?.trim() === "" ? undefined : raw,
    );
  const read = (name: string): { path: string; pem: string } => {
    const path = join(folder, name);
    try {
      return { path, pem: readFileSync(path, "utf8") };
    } catch (error) {
      throw refuse(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
  const certificateOf = ({ path, pem }: { path: string; pem: string }): X509Certificate => {
    try {
      return new X509Certificate(pem);
    } catch {
      throw refuse(`no PEM certificate in ${path}`);
    }
  };
  const ca = read("ca.pem");
  const cert = read("cert.pem");
  const key = read("key.pem");
  certificateOf(ca);
  const client = certificateOf(cert);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key.pem);
  } catch {
    // OpenSSL's error for a key without its passphrase varies by version; the PEM header does not.
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(key.pem);
    throw refuse(encrypted ? `${key.path} is encrypted; the docker CLI's key.pem is not` : `no PEM private key in ${key.path}`);
  }
  // Caught here, these would only show as the engine's "bad certificate" alert at the first request.
  if (!client.checkPrivateKey(privateKey)) throw refuse(`${key.path} is not the key of ${cert.path}`);
  if (client.keyUsage !== undefined && !client.keyUsage.includes(CLIENT_AUTH)) {
    throw refuse(`${cert.path} is not for clients: its extendedKeyUsage lacks clientAuth`);
  }
  return { certPath: folder, ca: ca.pem, cert: cert.pem, key: key.pem };
}
