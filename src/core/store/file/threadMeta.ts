import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { JSONFile, TextFileSync } from "lowdb/node";
import { z } from "zod";
import type { ThreadInfo } from "../checkpointStore";
import { questionSchema } from "../records";
import type { StoreFs } from "./storeFs";
import { META_FILE } from "./threadFiles";

/**
 * A thread's summary as a small JSON document, so listing a thousand threads reads a thousand small
 * files and no journal. It is a cache of the journal, written only by the thread's lock holder (lowdb
 * rewrites the whole file atomically, which is right for one writer and a few hundred bytes).
 */
export const threadMetaSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  graph: z.string(),
  status: z.enum(["running", "interrupted", "waiting", "completed", "failed", "cancelled", "quarantined"]),
  step: z.number().int(),
  lastNodes: z.array(z.string()),
  next: z.array(z.string()),
  createdAt: z.number(),
  updatedAt: z.number(),
  epoch: z.number().int(),
  error: z.object({ code: z.string(), message: z.string(), node: z.string().optional() }).optional(),
  forkedFrom: z.object({ thread: z.string(), step: z.number().int() }).optional(),
  repaired: z.object({ file: z.string(), offset: z.number().int(), bytes: z.number().int(), records: z.number().int(), at: z.number() }).optional(),
  /** While waiting for input: the open questions (see InterruptRecord). */
  questions: z.array(questionSchema).optional(),
  graphId: z.string().optional(),
  engine: z.literal("langgraph").optional(),
});
export type ThreadMeta = z.infer<typeof threadMetaSchema>;

export function metaFile(dir: string): JSONFile<ThreadMeta> {
  return new JSONFile<ThreadMeta>(join(dir, META_FILE));
}

/**
 * The stored summary, or undefined when there is none or it cannot be read (it is rebuilt from the
 * journal). Read synchronously through the store's file system: listing thousands of threads reads one
 * small file each, with no promise and no thread-pool round trip per file.
 */
export function readMeta(fs: StoreFs, dir: string): ThreadMeta | undefined {
  let text: string;
  try {
    text = fs.readFileSync(join(dir, META_FILE), "utf8");
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = threadMetaSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

export function metaFromInfo(info: ThreadInfo, epoch: number): ThreadMeta {
  return {
    version: 1,
    id: info.id,
    graph: info.graph,
    status: info.status,
    step: info.step,
    lastNodes: info.lastNodes,
    next: info.next,
    createdAt: info.createdAt,
    updatedAt: info.updatedAt,
    epoch,
    ...(info.error ? { error: info.error } : {}),
    ...(info.forkedFrom ? { forkedFrom: info.forkedFrom } : {}),
    ...(info.repaired ? { repaired: info.repaired } : {}),
    ...(info.questions?.length ? { questions: info.questions } : {}),
    ...(info.graphId ? { graphId: info.graphId } : {}),
    ...(info.engine ? { engine: info.engine } : {}),
  };
}

/** Creates a file that does not exist yet with this content; false if it exists. */
function createFile(path: string, text: string): boolean {
  try {
    writeFileSync(path, text, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** The summary's file content (as lowdb's JSON adapters write it). */
function metaText(meta: ThreadMeta): string {
  return JSON.stringify(meta, null, 2);
}

export function infoFromMeta(meta: ThreadMeta): ThreadInfo {
  const { version, epoch, ...info } = meta;
  void version;
  void epoch;
  return info;
}

/**
 * Writes the summary at most every `intervalMs` while a run goes, and at once when asked to flush or
 * for an urgent change (a run starting or ending). Each write is synchronous (lowdb's sync adapter:
 * a temporary file renamed into place), so a process that exits right after — a node calling
 * `process.exit`, a crash — leaves the summary it last wrote, whole. `mayWrite` is asked before each
 * write: a writer that has been taken over must not overwrite its successor's summary.
 */
/**
 * Summaries not yet written when the process exits — a node calling `process.exit`, the CLI's own exit
 * — are written in the exit handler (writes are synchronous, so they can be). One handler serves every
 * writer of the process; a SIGKILL, of course, leaves the summary as it last was.
 */
const waiting = new Set<MetaWriter>();
let exitHookInstalled = false;

function writeWaitingOnExit(writer: MetaWriter): void {
  waiting.add(writer);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pending of [...waiting]) pending.writePending();
  });
}

export class MetaWriter {
  private readonly file: TextFileSync;
  private latest?: ThreadMeta;
  private lastWrite = 0;
  private timer?: NodeJS.Timeout;

  /** The text last written: a summary that would not change the file is not written again. */
  private written?: string;

  private readonly path: string;
  /** Whether the file may exist: a new thread's first summary is created in place, not replaced. */
  private exists: boolean;
  /** See `forgo`. */
  private forgone = false;

  /**
   * `newThread`: the thread was just created and has no summary yet. Its first summary waits its turn
   * (a thread that ends before then writes none; readers summarise a thread without one from its
   * journal) and is written straight into place: a reader that catches it half-written reads the
   * journal instead.
   */
  constructor(
    dir: string,
    private readonly mayWrite: () => boolean = () => true,
    newThread = false,
    private readonly intervalMs = 200,
  ) {
    this.path = join(dir, META_FILE);
    this.file = new TextFileSync(this.path);
    this.exists = !newThread;
    if (newThread) this.lastWrite = Date.now();
  }

  update(meta: ThreadMeta, urgent = false): void {
    this.latest = meta;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (urgent || wait <= 0) this.writeNow();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.writeNow(), wait);
      this.timer.unref();
      writeWaitingOnExit(this);
    }
  }

  /** Writes the latest summary if one is waiting for its turn. */
  writePending(): void {
    if (this.latest) this.writeNow();
  }

  async flush(meta?: ThreadMeta): Promise<void> {
    if (meta) this.latest = meta;
    this.writeNow();
  }

  /**
   * A new thread that ended, with a small journal, before its first summary was written needs none: a
   * file fewer to create (most of a short thread's cost), and listing reads its journal in one read,
   * as it would the summary (smallJournalSummary). Nothing is written from now on unless one exists.
   * Returns whether the summary is forgone.
   */
  forgo(): boolean {
    if (this.exists) return false;
    this.forgone = true;
    this.cancel();
    return true;
  }

  /** Stops writing (a fenced writer must not overwrite its successor's summary). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = undefined;
    waiting.delete(this);
  }

  private writeNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    waiting.delete(this);
    const meta = this.latest;
    if (!meta) return;
    this.latest = undefined;
    if (this.forgone && !this.exists) return;
    const text = metaText(meta);
    if (text === this.written) return;
    this.lastWrite = Date.now();
    try {
      if (this.mayWrite()) {
        if (this.exists || !createFile(this.path, text)) this.file.write(text);
        this.exists = true;
        this.written = text;
      }
    } catch {
      // The summary is a cache: a failed write is repaired from the journal by the next reader.
    }
  }
}
