import Docker from "dockerode";
import { explainTlsFailures } from "./explain-tls-failures.js";

/** PEM texts for a tcp:// engine behind TLS (the docker CLI's ca.pem, cert.pem, key.pem). */
export interface EngineTls {
  ca: string;
  cert: string;
  key: string;
  /** The folder they were read from (DOCKER_CERT_PATH), named when the engine refuses them. */
  certPath?: string;
}

/**
 * A client for the engine at `dockerHost` (unix:///path or tcp://host:port), never from env.
 * With `tls`, a tcp:// engine is reached over HTTPS, its certificate checked against `ca`, and
 * the client authenticates with `cert`/`key`; a unix socket ignores it. A tcp:// request that
 * fails in TLS rejects with an EngineTlsError.
 */
export function connectEngine(dockerHost: string, tls?: EngineTls): Docker {
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return new Docker({ socketPath: url.pathname });
  if (url.protocol === "tcp:") {
    const port = Number(url.port);
    const docker =
      tls === undefined
        ? new Docker({ host: url.hostname, port, protocol: "http" })
        : new Docker({ host: url.hostname, port, protocol: "https", ca: tls.ca, cert: tls.cert, key: tls.key });
    explainTlsFailures(docker, dockerHost, tls);
    return docker;
  }
  throw new RangeError(`unsupported engine address ${dockerHost}; expected unix:///path or tcp://host:port`);
}
