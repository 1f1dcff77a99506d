import { z } from "zod";

// The payload carries identities only: the worker re-inspects the container for a fresh pid and
// labels instead of trusting what the watcher saw.
export const ContainerStartJobSchema = z.object({
  containerId: z.string().regex(/^[0-9a-f]{12,64}$/, "expected a hex container id"),
  containerName: z.string().min(1),
  startedAt: z.string().min(1),
  engineId: z.string().min(1),
  source: z.enum(["event", "sweep", "manual"]),
  seenAt: z.number().int().nonnegative(),
});

export type ContainerStartJob = z.infer<typeof ContainerStartJobSchema>;
