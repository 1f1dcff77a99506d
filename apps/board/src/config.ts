import { commonEnv, loadConfig, loadRedisSettings, positiveInt, wholeNumber, type RedisSettings } from "@dehandler/service";
import { z } from "zod";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase());
}

const optionalText = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw === "" ? undefined : raw));

const BoardEnvSchema = z
  .object({
    REDIS_URL: commonEnv.REDIS_URL,
    DEHANDLER_REDIS_CA_FILE: commonEnv.DEHANDLER_REDIS_CA_FILE,
    LOG_LEVEL: commonEnv.LOG_LEVEL,
    /** Where the board listens; anything but loopback needs credentials. */
    DEHANDLER_BOARD_HOST: z
      .string()
      .optional()
      .transform((raw) => (raw === undefined || raw.trim() === "" ? "127.0.0.1" : raw.trim()))
      .refine((host) => /^[A-Za-z0-9.:_-]+$/.test(host), { message: "an IP address or host name" }),
    /** 0 picks a free port (the board logs the URL it got). */
    DEHANDLER_BOARD_PORT: wholeNumber(3000, 0, 65_535, "a port from 0 to 65535"),
    /** HTTP basic auth user; a ':' cannot be sent in basic auth. */
    DEHANDLER_BOARD_USER: optionalText.refine((user) => user === undefined || !user.includes(":"), { message: "a user name without ':'" }),
    DEHANDLER_BOARD_PASSWORD: optionalText,
    /** How often Redis is scanned for queues of new engines. */
    DEHANDLER_BOARD_DISCOVERY_MS: positiveInt(30_000, 3_600_000),
  })
  .superRefine((env, ctx) => {
    const hasUser = env.DEHANDLER_BOARD_USER !== undefined;
    const hasPassword = env.DEHANDLER_BOARD_PASSWORD !== undefined;
    if (hasUser !== hasPassword) {
      const missing = hasUser ? "DEHANDLER_BOARD_PASSWORD" : "DEHANDLER_BOARD_USER";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: `to be set together with ${hasUser ? "DEHANDLER_BOARD_USER" : "DEHANDLER_BOARD_PASSWORD"}`,
      });
      return;
    }
    if (!hasUser && !isLoopbackHost(env.DEHANDLER_BOARD_HOST)) {
      ctx.addIssue({
        code: "custom",
        path: ["DEHANDLER_BOARD_HOST"],
        message: "127.0.0.1, ::1 or localhost unless DEHANDLER_BOARD_USER and DEHANDLER_BOARD_PASSWORD are set (the board can retry and delete jobs)",
      });
    }
  });

export type BoardConfig = z.output<typeof BoardEnvSchema> & { redis: RedisSettings };

export function loadBoardConfig(env: Readonly<Record<string, string | undefined>>): BoardConfig {
  const parsed = loadConfig(BoardEnvSchema, env);
  return { ...parsed, redis: loadRedisSettings(env) };
}
