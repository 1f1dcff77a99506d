import {
  commonEnv,
  handlingEnv,
  labelVariablesFrom,
  listOf,
  loadConfig,
  loadEngineSettings,
  loadRedisSettings,
  opsEnv,
  positiveInt,
  wholeNumber,
  type EngineSettings,
  type RedisSettings,
} from "@dehandler/service";
import type { LabelVariables } from "@dehandler/labels";
import { IP_EXECUTOR_NAMES } from "@dehandler/netns";
import { isAbsolute } from "node:path";
import { z } from "zod";
import { CidrList } from "./host-policy/cidr-list.js";
import type { HostPolicy } from "./host-policy/host-policy.js";

/** The worker's ops server (/healthz, /readyz, /metrics); the watcher's default is the port before. */
export const WORKER_METRICS_PORT = 9465;

const WorkerEnvSchema = z
  .object({
    ...commonEnv,
    ...opsEnv(WORKER_METRICS_PORT),
    DEHANDLER_SCRIPTS_DIR: handlingEnv.DEHANDLER_SCRIPTS_DIR,
    /** Where the worker keeps which starts it handled, beside Redis (docs/deployment.md); cleared at boot by default. */
    DEHANDLER_STATE_DIR: z
      .string()
      .optional()
      .transform((raw) => (raw === undefined || raw.trim() === "" ? "/run/dehandler" : raw.trim()))
      .refine((dir) => isAbsolute(dir), { message: "an absolute folder path" }),
    DEHANDLER_LABEL_VARS: handlingEnv.DEHANDLER_LABEL_VARS,
    /** Jobs handled at once; a slow container then never blocks the others. */
    DEHANDLER_CONCURRENCY: positiveInt(4, 256),
    /** How label parts reach ip: batch (one process per namespace per job) or per-part (one per part, for comparison). */
    DEHANDLER_IP_EXECUTOR: z.enum(IP_EXECUTOR_NAMES, { message: "batch or per-part" }).default("batch"),
    /** Scheduling priority (nice, -20..19) of the worker and its ip processes; 0 leaves it as started. */
    DEHANDLER_WORKER_NICE: wholeNumber(-10, -20, 19),
    /** Longest wait for one `ip` process. */
    DEHANDLER_COMMAND_TIMEOUT_MS: positiveInt(10_000, 600_000),
    /** Longest run of a start script; it and its children are killed past it. */
    DEHANDLER_SCRIPT_TIMEOUT_MS: positiveInt(60_000, 3_600_000),
    /** On SIGTERM, how long in-flight jobs may take before the worker exits anyway. */
    DEHANDLER_SHUTDOWN_TIMEOUT_MS: positiveInt(25_000, 600_000),
    /** A job's lock; if the worker dies, another takes the job up after about this long. */
    DEHANDLER_LOCK_DURATION_MS: positiveInt(30_000, 600_000),
    /** Whether labels may change the host (docker-events.host-route): safe default, deny. */
    DEHANDLER_HOST_CHANGES: z.enum(["allow", "deny", "opt-in"], { message: "allow, deny or opt-in" }).default("deny"),
    /** opt-in: a label (`key` or `key=value`) whose containers may change the host. */
    DEHANDLER_HOST_CHANGES_LABEL: z
      .string()
      .optional()
      .transform((raw) => (raw === undefined || raw.trim() === "" ? undefined : raw.trim()))
      .refine((label) => label === undefined || /^[^=,\s]+(=[^,]*)?$/.test(label), { message: "a label key or key=value" }),
    /** opt-in: compose projects whose containers may change the host. */
    DEHANDLER_HOST_CHANGES_PROJECTS: listOf(/^[a-z0-9][a-z0-9_-]*$/, "compose project names"),
    /** opt-in: container name patterns (`*` matches anything) that may change the host. */
    DEHANDLER_HOST_CHANGES_NAMES: listOf(/^[A-Za-z0-9_.*-]+$/, "container name patterns"),
    /** When set, host routes may only touch these CIDRs, destination and gateway both. */
    DEHANDLER_HOST_ROUTE_CIDRS: listOf(/^[0-9A-Fa-f.:]+(\/\d{1,3})?$/, "CIDRs such as 10.0.0.0/8").transform((items, ctx) => {
      if (items.length === 0) return undefined;
      try {
        return CidrList.parse(items);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `a comma-separated list of CIDRs (${(error as Error).message})` });
        return z.NEVER;
      }
    }),
  })
  .superRefine((env, ctx) => {
    const optIn =
      env.DEHANDLER_HOST_CHANGES_LABEL !== undefined || env.DEHANDLER_HOST_CHANGES_PROJECTS.length > 0 || env.DEHANDLER_HOST_CHANGES_NAMES.length > 0;
    if (env.DEHANDLER_HOST_CHANGES === "opt-in" && !optIn) {
      ctx.addIssue({
        code: "custom",
        path: ["DEHANDLER_HOST_CHANGES"],
        message: "opt-in together with DEHANDLER_HOST_CHANGES_LABEL, _PROJECTS or _NAMES (none is set)",
      });
    }
  });

export type WorkerConfig = z.output<typeof WorkerEnvSchema> & {
  /** Only the allowed variables' values are kept: secrets in the environment never get here. */
  labelVariables: LabelVariables;
  hostPolicy: HostPolicy;
  /** One Redis or a Sentinel master: where the queues are. */
  redis: RedisSettings;
  /** DOCKER_HOST, with the TLS files of DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set. */
  engine: EngineSettings;
};

export function loadWorkerConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const parsed = loadConfig(WorkerEnvSchema, env);
  const hostPolicy: HostPolicy = {
    mode: parsed.DEHANDLER_HOST_CHANGES,
    optInLabel: parsed.DEHANDLER_HOST_CHANGES_LABEL,
    optInProjects: parsed.DEHANDLER_HOST_CHANGES_PROJECTS,
    optInNames: parsed.DEHANDLER_HOST_CHANGES_NAMES,
    routeCidrs: parsed.DEHANDLER_HOST_ROUTE_CIDRS,
  };
  return {
    ...parsed,
    labelVariables: labelVariablesFrom(parsed.DEHANDLER_LABEL_VARS, env),
    hostPolicy,
    redis: loadRedisSettings(env),
    engine: loadEngineSettings(env),
  };
}
