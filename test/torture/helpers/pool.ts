/**
 * Runs `work` on every item with at most `concurrency` at a time (lanes take the next item as they
 * free up); results in item order. `lane` tells which lane runs an item: rounds of one lane run one
 * after another, so they may share a scratch directory.
 */
export async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number, lane: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextIndex = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async (_, lane) => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      results[index] = await work(items[index]!, index, lane);
    }
  });
  await Promise.all(lanes);
  return results;
}
