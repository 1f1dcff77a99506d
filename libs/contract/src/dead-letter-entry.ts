import { z } from "zod";

// What an operator needs to understand a failure without digging through logs: which container,
// which label part, the exact command, and what the kernel or the script said.
export const DeadLetterEntrySchema = z.object({
  jobId: z.string(),
  container: z.object({ id: z.string(), name: z.string() }),
  /** The start's StartedAt, when the worker got as far as inspecting the container. */
  startedAt: z.string().optional(),
  failedAt: z.string(),
  attemptsMade: z.number().int().nonnegative(),
  permanent: z.boolean(),
  reason: z.string(),
  errorName: z.string(),
  label: z.string().optional(),
  partIndex: z.number().int().nonnegative().optional(),
  part: z.string().optional(),
  argv: z.array(z.string()).optional(),
  exitCode: z.number().int().optional(),
  stderr: z.string().optional(),
  output: z.string().optional(),
  problems: z.array(z.string()).optional(),
  /** What happened to the container since, because of this failure (a network connected but not applied). */
  notes: z.array(z.string()).optional(),
});

export type DeadLetterEntry = z.infer<typeof DeadLetterEntrySchema>;
