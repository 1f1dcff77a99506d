// Every engine gets its own pair of queues so that several engines can share one Redis and a
// worker only ever takes jobs for the engine it runs beside. BullMQ refuses `:` in queue names,
// and Engine 20.10 daemon IDs are colon-separated key fingerprints, so the ID is normalised.
export interface EngineQueueNames {
  engineId: string;
  start: string;
  deadLetter: string;
  /** Key prefix of the start claims (plain Redis keys beside the queues). */
  startClaims: string;
  /** Key prefix of the host changes' ledger (who added which host route or rule). */
  hostChanges: string;
}

const QUEUE_PREFIX = "dehandler";

export function engineQueueNames(engineId: string): EngineQueueNames {
  const scope = engineId
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (scope.length === 0) {
    throw new RangeError(`engine id ${JSON.stringify(engineId)} has no usable characters; expected letters or digits`);
  }
  return {
    engineId: scope,
    start: `${QUEUE_PREFIX}.${scope}.container-start`,
    deadLetter: `${QUEUE_PREFIX}.${scope}.dead-letter`,
    startClaims: `${QUEUE_PREFIX}.${scope}.start-claim`,
    hostChanges: `${QUEUE_PREFIX}.${scope}.host-change`,
  };
}
