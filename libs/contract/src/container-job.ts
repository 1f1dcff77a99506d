import { z } from "zod";

// One queue carries every job of an engine, told apart by `kind` (absent: "start", as jobs queued
// before there were other kinds): a container start; a container's end ("stop": it died or was
// removed), whose host changes are undone and stop script run; a network connected to a running
// container ("connect"), whose parts naming it are applied then.
//
// The payload carries identities only: the worker inspects the container for its pid and labels
// instead of trusting what the watcher saw. Which start it stands for is told by the start's
// StartedAt (sweep, manual) or by the time of the engine's start event (event), which the watcher
// has without asking the engine anything.
export const ContainerJobSchema = z
  .object({
    kind: z.enum(["start", "stop", "connect"]).optional(),
    containerId: z.string().regex(/^[0-9a-f]{12,64}$/, "expected a hex container id"),
    containerName: z.string().min(1),
    startedAt: z.string().min(1).optional(),
    /** The start event's timeNano (decimal digits): StartedAt is set before the event is sent. */
    eventTime: z
      .string()
      .regex(/^\d{1,25}$/, "expected the event's timeNano in decimal digits")
      .optional(),
    /** connect: the network's name, as the event gave it. */
    network: z.string().min(1).optional(),
    /** stop: which event ended it; the stop script runs on "die" (every end of a run has one). */
    ending: z.enum(["die", "destroy", "reconcile"]).optional(),
    engineId: z.string().min(1),
    source: z.enum(["event", "sweep", "manual"]),
    seenAt: z.number().int().nonnegative(),
  })
  .refine((job) => (job.startedAt === undefined) !== (job.eventTime === undefined), {
    message: "expected exactly one of startedAt and eventTime",
  })
  .refine((job) => job.kind !== "connect" || job.network !== undefined, { message: "expected the network of a connect job" })
  .refine((job) => job.kind !== "stop" || job.ending !== undefined, { message: "expected the ending (die, destroy, reconcile) of a stop job" });

export type ContainerJob = z.infer<typeof ContainerJobSchema>;
export type ContainerJobKind = NonNullable<ContainerJob["kind"]>;

export function jobKindOf(job: ContainerJob): ContainerJobKind {
  return job.kind ?? "start";
}
