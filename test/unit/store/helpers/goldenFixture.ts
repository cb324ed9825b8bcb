import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FileStore } from "../../../../src/core/store/file/fileStore";

export interface GoldenFixture {
  /** A store holding a copy of the fixture's thread, "golden" (fresh for each test). */
  store(): FileStore;
  /** The fixture's journal, as committed. */
  journal(): Buffer;
}

/**
 * A thread written by an earlier version of the store (`test/fixtures/<name>`: its journal and summary),
 * copied into a fresh store before each test; after each, the fixture itself is checked untouched.
 */
export function useGoldenFixture(name: string): GoldenFixture {
  const fixture = resolve(__dirname, "..", "..", "..", "fixtures", name);
  let tmp: string;
  let store: FileStore;
  let journal: Buffer;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), `dg-${name}-`));
    const dir = join(tmp, ".durable", "threads", "golden");
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(fixture)) cpSync(join(fixture, file), join(dir, file));
    store = new FileStore(join(tmp, ".durable"));
    journal = readFileSync(join(fixture, "journal-000001.ndjson"));
  });
  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
    assert.ok(readFileSync(join(fixture, "journal-000001.ndjson")).equals(journal), "the fixture itself is never written");
  });
  return { store: () => store, journal: () => journal };
}
