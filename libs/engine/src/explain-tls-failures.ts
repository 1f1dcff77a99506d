import type Docker from "dockerode";
import { classifyTlsFailure } from "./classify-tls-failure.js";
import type { EngineTls } from "./connect-engine.js";

type Dial = Docker["modem"]["dial"];

/**
 * Makes every request of `docker` that fails in TLS fail with an EngineTlsError naming the
 * engine, the setting and the remedy, instead of OpenSSL's line. Every call dockerode makes
 * (info, inspect, events…) passes through its modem's dial: one wrapper covers them all.
 */
export function explainTlsFailures(docker: Docker, url: string, tls: EngineTls | undefined): void {
  const modem = docker.modem;
  const dial: Dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    dial(options, (error, result) => callback?.(error === null ? null : (classifyTlsFailure(error, url, tls) ?? error), result));
  };
}
