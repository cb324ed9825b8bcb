import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { describeStoreConformance } from "./conformance";

describeStoreConformance("MemoryStore", async () => new MemoryStore());

const roots: string[] = [];
describeStoreConformance("FileStore", async () => {
  const root = mkdtempSync(join(tmpdir(), "dg-conformance-"));
  roots.push(root);
  return new FileStore(join(root, ".durable"));
});

after(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});
