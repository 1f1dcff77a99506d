/**
 * Runs `task` over `items` with at most `lanes` in flight, results in the items' order. A failure
 * (or an abort) stops the lanes from taking further items; the first error is thrown once every
 * task already in flight has ended, so nothing is left running behind the caller's back.
 */
export async function inLanes<T, R>(
  items: readonly T[],
  lanes: number,
  task: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && signal?.aborted !== true) {
      const index = next++;
      if (index >= items.length) return;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  if (failure !== undefined) throw failure.error;
  signal?.throwIfAborted();
  return results;
}
