import { isIP } from "node:net";
import { z } from "zod";
import { wholeNumber } from "./common-env.js";

// The ops server's address. Each app has its own default port, so that watcher and worker can
// run side by side on one host; 0 turns the server off.

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const metricsHost = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw.trim() === "" ? "127.0.0.1" : raw.trim()))
  .refine((host) => isIP(host) !== 0 || HOST_NAME.test(host), { message: "an IP address or host name to listen on" });

/** `DEHANDLER_METRICS_PORT` (0: off) and `DEHANDLER_METRICS_HOST`, for an app's config schema. */
export function opsEnv(defaultPort: number) {
  return {
    /** Port of /healthz, /readyz and /metrics; 0 turns the ops server off. */
    DEHANDLER_METRICS_PORT: wholeNumber(defaultPort, 0, 65_535, "a port from 1 to 65535, or 0 for no ops server"),
    /** Address the ops server listens on; loopback by default (the endpoints have no auth). */
    DEHANDLER_METRICS_HOST: metricsHost,
  };
}
