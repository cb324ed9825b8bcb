/**
 * Writes a JSON array page by page, so a long history or a big store is never held as one string: the
 * text is exactly what `JSON.stringify` of the whole array gives, and each page waits for the reader.
 */
export async function writeJsonArray(write: (text: string) => Promise<void>, pages: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>): Promise<void> {
  await write("[");
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    await write(`${first ? "" : ","}${page.map((item) => JSON.stringify(item)).join(",")}`);
    first = false;
  }
  await write("]");
}

/** `items` in pages of `size`, for `writeJsonArray`. */
export function* inPages<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
