import { describe, expect, it } from "vitest";
import { classifyTlsFailure } from "../src/classify-tls-failure.js";
import { EngineTlsError } from "../src/index.js";

const URL = "tcp://10.0.0.5:2376";
const TLS = { ca: "ca", cert: "cert", key: "key", certPath: "/etc/dehandler/docker/" };

/** An error as Node's TLS stack or docker-modem makes it: a message and a code or status. */
function failure(message: string, fields: { code?: string; statusCode?: number }): Error {
  return Object.assign(new Error(message), fields);
}

const OPENSSL_ALERT =
  "802C4541E07F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n";

describe("classifyTlsFailure", () => {
  it.each([
    ["ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE", "client-certificate-refused", "bad certificate"],
    ["ERR_SSL_TLSV1_ALERT_UNKNOWN_CA", "client-certificate-refused", "unknown ca"],
    ["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "client-certificate-refused", "certificate required"],
    ["ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED", "client-certificate-refused", "certificate expired"],
    ["ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", "handshake-failed", "handshake failure"],
  ])("reads the engine's alert %s as %s", (code, problem, detail) => {
    const cause = failure(OPENSSL_ALERT, { code });
    const error = classifyTlsFailure(cause, URL, TLS);
    expect(error).toBeInstanceOf(EngineTlsError);
    expect(error).toMatchObject({ name: "EngineTlsError", engineUrl: URL, problem, detail, certPath: TLS.certPath, cause });
  });

  it.each([
    ["unable to verify the first certificate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"],
    ["self-signed certificate in certificate chain", "SELF_SIGNED_CERT_IN_CHAIN"],
    ["certificate has expired", "CERT_HAS_EXPIRED"],
    ["Hostname/IP does not match certificate's altnames: IP: 10.0.0.5 is not in the cert's list: 127.0.0.1", "ERR_TLS_CERT_ALTNAME_INVALID"],
  ])("reads %j as the engine's certificate rejected by ca.pem", (message, code) => {
    expect(classifyTlsFailure(failure(message, { code }), URL, TLS)).toMatchObject({
      problem: "engine-certificate-rejected",
      detail: `${message} (${code})`,
    });
  });

  it("reads a plain-HTTP answer to TLS as an engine without TLS", () => {
    const cause = failure(
      "write EPROTO 802CAAEDA37F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:350:\n",
      { code: "EPROTO" },
    );
    expect(classifyTlsFailure(cause, URL, TLS)).toMatchObject({ problem: "engine-not-tls", detail: "wrong version number" });
  });

  it("reads Go's answer to plain HTTP as an engine that needs TLS, only when TLS was not used", () => {
    const cause = failure("(HTTP code 400) unexpected - Client sent an HTTP request to an HTTPS server.\n ", { statusCode: 400 });
    expect(classifyTlsFailure(cause, URL, undefined)).toMatchObject({ problem: "engine-requires-tls", certPath: undefined });
    expect(classifyTlsFailure(cause, URL, TLS)).toBeUndefined();
  });

  it.each([
    failure("connect ECONNREFUSED 10.0.0.5:2376", { code: "ECONNREFUSED" }),
    failure("(HTTP code 404) no such container - No such container: x ", { statusCode: 404 }),
    failure("This operation was aborted", { code: "ABORT_ERR" }),
    failure(OPENSSL_ALERT, {}),
  ])("leaves other failures alone: %s", (cause) => {
    expect(classifyTlsFailure(cause, URL, TLS)).toBeUndefined();
  });

  it("names the engine, the setting, the file and the remedy in its message", () => {
    expect(classifyTlsFailure(failure(OPENSSL_ALERT, { code: "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE" }), URL, TLS)?.message).toBe(
      'TLS: the engine at tcp://10.0.0.5:2376 refused this client\'s certificate /etc/dehandler/docker/cert.pem (DOCKER_CERT_PATH) with alert "bad certificate"; ' +
        "expected a client certificate signed by a CA the engine trusts (dockerd --tlscacert), and not expired",
    );
    expect(
      classifyTlsFailure(failure("unable to verify the first certificate", { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }), URL, TLS)?.message,
    ).toBe(
      "TLS: the engine at tcp://10.0.0.5:2376 presented a certificate that /etc/dehandler/docker/ca.pem (DOCKER_CERT_PATH) does not vouch for: " +
        "unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE); expected ca.pem to hold the CA that signed the engine's --tlscert, issued for the host in the engine's address",
    );
  });
});
