import type { SettingProblem } from "@dehandler/service";
import type { RedisConnectionOptions } from "./redis-connection.js";

// Node's codes for a server certificate that the configured CA (or the trust store) does not vouch for.
const UNTRUSTED_CERTIFICATE = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
]);

/**
 * Says whether `error` is hopeless, and which setting is wrong: a refused password or user
 * (WRONGPASS, NOAUTH, NOPERM), a certificate the CA does not vouch for or made for another name.
 * (A master name no sentinel knows is found by asking them: check-redis-settings.ts.) Everything
 * else (refused, timeout, DNS, LOADING, a failover under way) is transient: undefined.
 */
export function redisSettingProblem(error: unknown, connection: RedisConnectionOptions): SettingProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  // A Cluster client that reached no node says so, holding the last node's own answer.
  const nodeError = (error as { lastNodeError?: unknown }).lastNodeError;
  if (nodeError instanceof Error) return redisSettingProblem(nodeError, connection);
  const answer = error.message;
  const code = (error as NodeJS.ErrnoException).code;
  // The credentials come from REDIS_URL in every mode; with Sentinel or Cluster it has no host of use.
  const url = connection.url ?? (connection.password === undefined && connection.username === undefined ? undefined : "its user and password");
  if (/^WRONGPASS\b/.test(answer)) {
    return { variable: "REDIS_URL", expected: `a user and password that Redis accepts (Redis answered: ${answer})`, received: url };
  }
  if (/^NOAUTH\b/.test(answer)) {
    return { variable: "REDIS_URL", expected: `a password: this Redis requires one (Redis answered: ${answer})`, received: url };
  }
  if (/^NOPERM\b/.test(answer)) {
    return {
      variable: "REDIS_URL",
      expected: `a user whose ACL allows the commands and keys dehandler uses (Redis answered: ${answer})`,
      received: url,
    };
  }
  if (code !== undefined && UNTRUSTED_CERTIFICATE.has(code)) {
    return {
      variable: "DEHANDLER_REDIS_CA_FILE",
      expected: `the CA certificate that signed the Redis server's certificate (TLS said: ${code}: ${answer})`,
      received: connection.tls?.ca === undefined ? undefined : "a CA that did not sign it",
    };
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return {
      variable: "REDIS_URL",
      expected: `the host name or address the Redis server's certificate was made for (TLS said: ${answer})`,
      received: url,
    };
  }
  return undefined;
}

/** One line naming the setting when the error is hopeless; the error's own message otherwise. */
export function describeRedisError(error: Error, connection: RedisConnectionOptions): string {
  const problem = redisSettingProblem(error, connection);
  return problem === undefined ? error.message : `${problem.variable}: expected ${problem.expected}`;
}
