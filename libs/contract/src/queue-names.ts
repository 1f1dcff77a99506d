// Every engine gets its own pair of queues so that several engines can share one Redis and a
// worker only ever takes jobs for the engine it runs beside. BullMQ refuses `:` in queue names,
// and Engine 20.10 daemon IDs are colon-separated key fingerprints, so the ID is normalised.
//
// Every key of an engine carries the engine's scope as its Redis Cluster hash tag (`{scope}`):
// BullMQ's scripts touch several keys of a queue at once, and the claims and host-change ledger
// are read and written together, so all of them must hash to one slot. Different engines hash to
// different slots, which a cluster spreads over its masters.
export interface EngineQueueNames {
  engineId: string;
  /** The engine's jobs: its containers' starts, stops and network connects. */
  jobs: string;
  /** What the jobs queue was called before it carried stops and connects too (migrated at start; read as an alias). */
  formerJobs: string;
  deadLetter: string;
  /** Key prefix of the start claims (plain Redis keys beside the queues). */
  startClaims: string;
  /** Key prefix of the host changes' ledger (who added which host route or rule). */
  hostChanges: string;
  /** Set once this engine's keys of an older release were moved to these names. */
  legacyKeysMigrated: string;
}

const QUEUE_PREFIX = "dehandler";

export function engineQueueNames(engineId: string): EngineQueueNames {
  const scope = engineScope(engineId);
  const base = `${QUEUE_PREFIX}.{${scope}}`;
  return {
    engineId: scope,
    jobs: `${base}.container-jobs`,
    formerJobs: `${base}.container-start`,
    deadLetter: `${base}.dead-letter`,
    startClaims: `${base}.start-claim`,
    hostChanges: `${base}.host-change`,
    legacyKeysMigrated: `${base}.legacy-keys-migrated`,
  };
}

/** The names before they carried a Cluster hash tag: what a worker migrates from at start. */
export function legacyEngineQueueNames(engineId: string): EngineQueueNames {
  const scope = engineScope(engineId);
  return {
    engineId: scope,
    jobs: `${QUEUE_PREFIX}.${scope}.container-start`,
    formerJobs: `${QUEUE_PREFIX}.${scope}.container-start`,
    deadLetter: `${QUEUE_PREFIX}.${scope}.dead-letter`,
    startClaims: `${QUEUE_PREFIX}.${scope}.start-claim`,
    hostChanges: `${QUEUE_PREFIX}.${scope}.host-change`,
    legacyKeysMigrated: `${QUEUE_PREFIX}.${scope}.legacy-keys-migrated`,
  };
}

function engineScope(engineId: string): string {
  const scope = engineId
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (scope.length === 0) {
    throw new RangeError(`engine id ${JSON.stringify(engineId)} has no usable characters; expected letters or digits`);
  }
  return scope;
}
