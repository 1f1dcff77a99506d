/** What went wrong between this client and a tcp:// engine's TLS; each has its own remedy. */
export type EngineTlsProblem =
  /** The engine refused this client's certificate (not signed by a CA it trusts, expired, not for clients). */
  | "client-certificate-refused"
  /** The engine's own certificate did not pass the check against ca.pem (another CA, expired, another host). */
  | "engine-certificate-rejected"
  /** The handshake failed for another reason (the TLS alert says which). */
  | "handshake-failed"
  /** TLS was asked for (DOCKER_TLS_VERIFY), but the port answers in plain HTTP. */
  | "engine-not-tls"
  /** Plain HTTP was used (no DOCKER_TLS_VERIFY), but the engine only speaks TLS. */
  | "engine-requires-tls";

/**
 * A request to the engine failed in TLS, before the engine could answer it: a setting to fix
 * (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, or the engine's --tlscacert), not an outage to wait out.
 */
export class EngineTlsError extends Error {
  constructor(
    readonly engineUrl: string,
    readonly problem: EngineTlsProblem,
    /** The TLS stack's words: an alert such as "bad certificate", or a verification failure. */
    readonly detail: string,
    /** The folder ca.pem, cert.pem and key.pem were read from; undefined without TLS. */
    readonly certPath: string | undefined,
    options: { cause: unknown },
  ) {
    super(describeProblem(engineUrl, problem, detail, certPath), options);
    this.name = "EngineTlsError";
  }
}

function describeProblem(url: string, problem: EngineTlsProblem, detail: string, certPath: string | undefined): string {
  const file = (name: string): string => (certPath === undefined ? name : `${certPath.replace(/\/+$/, "")}/${name}`);
  switch (problem) {
    case "client-certificate-refused":
      return (
        `TLS: the engine at ${url} refused this client's certificate ${file("cert.pem")} (DOCKER_CERT_PATH) with alert "${detail}"; ` +
        "expected a client certificate signed by a CA the engine trusts (dockerd --tlscacert), and not expired"
      );
    case "engine-certificate-rejected":
      return (
        `TLS: the engine at ${url} presented a certificate that ${file("ca.pem")} (DOCKER_CERT_PATH) does not vouch for: ${detail}; ` +
        "expected ca.pem to hold the CA that signed the engine's --tlscert, issued for the host in the engine's address"
      );
    case "handshake-failed":
      return `TLS: the handshake with the engine at ${url} failed with alert "${detail}" (client certificate and CA from DOCKER_CERT_PATH, ${certPath ?? "unset"})`;
    case "engine-not-tls":
      return `TLS: the engine at ${url} does not answer in TLS (${detail}), yet DOCKER_TLS_VERIFY is set; expected the engine's TLS port, or DOCKER_TLS_VERIFY unset for a plain-HTTP engine`;
    case "engine-requires-tls":
      return `TLS: the engine at ${url} only speaks TLS (${detail}); set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to a folder with ca.pem, cert.pem and key.pem`;
  }
}
