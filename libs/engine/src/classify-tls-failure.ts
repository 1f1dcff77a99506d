import type { EngineTls } from "./connect-engine.js";
import { EngineTlsError } from "./engine-tls-error.js";

// OpenSSL reports an alert the engine sent as ERR_SSL_<version>_ALERT_<name>; these name the
// client's certificate (Go's TLS server sends "bad certificate" for one it cannot verify).
const ALERT = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/;
const CERTIFICATE_ALERTS = new Set([
  "BAD_CERTIFICATE",
  "UNKNOWN_CA",
  "CERTIFICATE_REQUIRED",
  "CERTIFICATE_UNKNOWN",
  "CERTIFICATE_EXPIRED",
  "CERTIFICATE_REVOKED",
  "UNSUPPORTED_CERTIFICATE",
  "ACCESS_DENIED",
]);
// Node's codes for an engine certificate that the client's CA does not vouch for.
const VERIFY_FAILURE =
  /^(UNABLE_TO_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|INVALID_CA$|INVALID_PURPOSE$|PATH_LENGTH_EXCEEDED$|HOSTNAME_MISMATCH$|ERR_TLS_CERT_ALTNAME_INVALID$)/;
// What a TLS client reads from a plain-HTTP port, and what Go's HTTPS server answers plain HTTP with.
const NOT_TLS = /wrong version number|packet length too long|http request/i;
const HTTP_TO_HTTPS = "Client sent an HTTP request to an HTTPS server";

/**
 * The EngineTlsError that a failed request to the tcp:// engine at `url` stands for, or undefined
 * when it failed otherwise (refused, timed out, an HTTP error): those keep their own error.
 */
export function classifyTlsFailure(error: unknown, url: string, tls: EngineTls | undefined): EngineTlsError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const certPath = tls?.certPath;
  const because = (problem: ConstructorParameters<typeof EngineTlsError>[1], detail: string) =>
    new EngineTlsError(url, problem, detail, certPath, { cause: error });
  if (tls === undefined) {
    const statusCode = (error as { statusCode?: unknown }).statusCode;
    return statusCode === 400 && error.message.includes(HTTP_TO_HTTPS) ? because("engine-requires-tls", `"${HTTP_TO_HTTPS}"`) : undefined;
  }
  const alert = ALERT.exec(code)?.[1];
  if (alert !== undefined) {
    const words = alert.toLowerCase().replaceAll("_", " ");
    return because(CERTIFICATE_ALERTS.has(alert) ? "client-certificate-refused" : "handshake-failed", words);
  }
  if (VERIFY_FAILURE.test(code)) return because("engine-certificate-rejected", `${error.message} (${code})`);
  if (code === "EPROTO" && NOT_TLS.test(error.message)) return because("engine-not-tls", NOT_TLS.exec(error.message)?.[0] ?? "no TLS");
  return undefined;
}
