// One job per container start: the same start seen twice (a replayed event, the startup sweep,
// a restarted watcher) maps to the same id and BullMQ keeps the first; a real restart has a new
// StartedAt and so a new id. BullMQ forbids `:` in ids and all-digit ids, hence the shape.
export function containerStartJobId(containerId: string, startedAt: string): string {
  const startedStamp = startedAt.replace(/[^0-9A-Za-z]/g, "");
  return `start-${containerId}-${startedStamp}`;
}
