import {
  commonEnv,
  ConfigError,
  listOf,
  loadConfig,
  loadEngineSettings,
  loadRedisSettings,
  opsEnv,
  positiveInt,
  retryEnv,
  type EngineTlsFiles,
  type RedisSettings,
} from "@dehandler/service";
import { z } from "zod";

/** The watcher's ops server (/healthz, /readyz, /metrics); the worker's default is the next port. */
export const WATCHER_METRICS_PORT = 9464;

/** One engine the watcher follows: its address and, optionally, the queue scope to use for it. */
export interface EngineEndpoint {
  url: string;
  /** Overrides the engine's daemon ID (cloned hosts share one); undefined: ask the engine. */
  id: string | undefined;
}

const ENGINE_URL = /^unix:\/\/\/[^,\s]+$|^tcp:\/\/[^/,\s]+:\d+\/?$/;
const ENGINE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const ENGINES_EXPECTED = "a comma-separated list of [id=]unix:///path or [id=]tcp://host:port, each engine once";

/** `DEHANDLER_ENGINES`: `[id=]url,[id=]url…`; unset: the one engine of DOCKER_HOST. */
const engineList = z
  .string()
  .optional()
  .transform((raw, ctx): EngineEndpoint[] | undefined => {
    const items = (raw ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
    if (items.length === 0) return undefined;
    const endpoints: EngineEndpoint[] = [];
    for (const item of items) {
      const equals = item.indexOf("=");
      const id = equals < 0 ? undefined : item.slice(0, equals).trim();
      const url = equals < 0 ? item : item.slice(equals + 1).trim();
      const bad = !ENGINE_URL.test(url) || (id !== undefined && !ENGINE_ID.test(id));
      const twice = endpoints.some((other) => other.url === url || (id !== undefined && other.id === id));
      if (bad || twice) {
        ctx.addIssue({ code: "custom", message: `${ENGINES_EXPECTED} (${twice ? "repeated" : "bad"} entry ${JSON.stringify(item)})` });
        return z.NEVER;
      }
      endpoints.push({ url, id });
    }
    return endpoints;
  });

const WatcherEnvSchema = z.object({
  ...commonEnv,
  ...opsEnv(WATCHER_METRICS_PORT),
  /** Several engines to follow; each keeps its own connection, backoff, sweep and queues. */
  DEHANDLER_ENGINES: engineList,
  /** DEHANDLER_JOB_ATTEMPTS and DEHANDLER_JOB_BACKOFF_MS: the retries of the jobs it queues (the publisher sets them). */
  ...retryEnv,
  /** Only containers carrying all these labels (`key` or `key=value`) are watched; empty: all. */
  DEHANDLER_WATCH_LABELS: listOf(/^[^=,\s]+(=[^,]*)?$/, "label or label=value"),
  /** Longest wait between two reconnection attempts to the engine. */
  DEHANDLER_RECONNECT_MAX_MS: positiveInt(30_000, 600_000),
});

export type WatcherConfig = z.output<typeof WatcherEnvSchema> & {
  /** The engines to follow: DEHANDLER_ENGINES, else DOCKER_HOST with DEHANDLER_ENGINE_ID. */
  engines: EngineEndpoint[];
  /** Set when DOCKER_TLS_VERIFY is: the PEM texts for tcp:// engines (DOCKER_CERT_PATH), shared by all of them. */
  engineTls: EngineTlsFiles | undefined;
  /** One Redis or a Sentinel master: where the queues are. */
  redis: RedisSettings;
};

export function loadWatcherConfig(env: Readonly<Record<string, string | undefined>>): WatcherConfig {
  const parsed = loadConfig(WatcherEnvSchema, env);
  if (parsed.DEHANDLER_ENGINES !== undefined && parsed.DEHANDLER_ENGINE_ID !== undefined) {
    // Which engine would the one id belong to? Ids of several engines go in the list itself.
    throw new ConfigError("DEHANDLER_ENGINE_ID", "unset when DEHANDLER_ENGINES is set (write id=url entries there instead)", env.DEHANDLER_ENGINE_ID);
  }
  // DOCKER_HOST and its TLS, as worker and CLI read them; the TLS files serve every tcp:// engine.
  const engine = loadEngineSettings(env);
  const engines = parsed.DEHANDLER_ENGINES ?? [{ url: engine.url, id: parsed.DEHANDLER_ENGINE_ID }];
  return { ...parsed, engines, redis: loadRedisSettings(env), engineTls: engine.tls };
}
