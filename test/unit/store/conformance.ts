import assert from "node:assert/strict";
import type { StateValues } from "../../../src/core/sdk/types";
import { applyChanges, type StateChange } from "../../../src/core/state/stateChanges";
import { taskKey, type CheckpointStore, type ThreadWriter } from "../../../src/core/store/checkpointStore";
import type { JournalRecord, NodeRecord } from "../../../src/core/store/records";
import { expectCode, newThread, StepDriver, WriterPool } from "./storeTestKit";

/**
 * The behaviour every checkpoint store must show, whatever it keeps its journal in. `makeStore` returns
 * a new, empty store for each test.
 */
export function describeStoreConformance(name: string, makeStore: () => Promise<CheckpointStore>): void {
  describe(`${name}: CheckpointStore conformance`, function () {
    let store: CheckpointStore;
    const pool = new WriterPool();

    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await pool.closeAll();
    });

    /** A thread with steps 0..3 whose changes include set, append and unset; its writer is closed. */
    async function threeSteps(id: string): Promise<StepDriver> {
      const run = new StepDriver(await pool.create(store, newThread(id)));
      run.commit((s) => {
        s.count = 1;
        (s.messages as unknown[]).push("hello");
        s.extra = { nested: { deep: [1, 2] } };
      }, ["a"], ["b", "c"]);
      run.commit((s) => {
        s.count = 2;
        (s.messages as unknown[]).push("from b", { from: "c" });
        delete s.extra;
      }, ["b", "c"], ["d"]);
      run.commit((s) => {
        s.messages = ["reset"];
        s.result = { ok: true, score: 0.5, tags: ["x", "y"], none: null };
      }, ["d"], []);
      await run.writer.close();
      return run;
    }

    describe("creating", () => {
      it("commits the initial state as step 0 with the nodes due next", async () => {
        const initial = { messages: ["hi"], count: 0, config: { depth: 2 } };
        const writer = await pool.create(store, newThread("t1", initial, ["plan"]));
        assert.equal(writer.threadId, "t1");
        assert.equal(writer.resume.step, 0);
        assert.deepEqual(writer.resume.state, initial);
        assert.deepEqual(writer.resume.next, ["plan"]);
        assert.equal(writer.resume.pending.size, 0);
        assert.equal(writer.resume.tasks.size, 0);
        assert.equal(writer.resume.runsWithoutProgress, 0);
        assert.equal(writer.resume.end, undefined);
        assert.equal(writer.resume.thread.graph, "graphs/demo.graph.ts");
        assert.deepEqual(writer.resume.thread.input, { question: "why?" });

        for (const view of [await store.checkpoint("t1"), await store.checkpoint("t1", 0)]) {
          assert.equal(view.step, 0);
          assert.deepEqual(view.state, initial);
          assert.deepEqual(view.next, ["plan"]);
          assert.deepEqual(view.nodes, []);
        }
        const info = await store.getThread("t1");
        assert.ok(info);
        assert.equal(info.id, "t1");
        assert.equal(info.graph, "graphs/demo.graph.ts");
        assert.equal(info.status, "running");
        assert.equal(info.step, 0);
        assert.deepEqual(info.next, ["plan"]);
        assert.equal(info.owner?.pid, process.pid);
        assert.deepEqual((await store.listThreads()).map((t) => t.id), ["t1"]);
      });

      it("does not alias the caller's objects", async () => {
        const initial = { messages: ["hi"] as unknown[] };
        const run = new StepDriver(await pool.create(store, newThread("alias", initial)));
        initial.messages.push("changed after create");
        const committed = { messages: ["hi", "second"] };
        run.writer.commit({ step: 1, nodes: ["a"], changes: [{ key: "messages", op: "append", items: ["second"] }], next: [], state: committed });
        committed.messages.push("changed after commit");
        const view = await store.checkpoint("alias");
        assert.deepEqual(view.state, { messages: ["hi", "second"] });
        (view.state.messages as unknown[]).push("changed by a reader");
        assert.deepEqual((await store.checkpoint("alias")).state, { messages: ["hi", "second"] });
      });

      it("refuses an existing id with THREAD_EXISTS, and replaces it when asked", async () => {
        await threeSteps("dup");
        await expectCode(store.create(newThread("dup")), "THREAD_EXISTS");
        assert.equal((await store.checkpoint("dup")).step, 3, "the refused create changed nothing");

        const writer = await pool.create(store, newThread("dup", { fresh: true }, ["z"]), { replace: true });
        assert.equal(writer.resume.step, 0);
        assert.deepEqual(writer.resume.state, { fresh: true });
        await writer.close();
        const view = await store.checkpoint("dup");
        assert.equal(view.step, 0);
        assert.deepEqual(view.state, { fresh: true });
        assert.deepEqual((await store.checkpoints("dup")).map((c) => c.step), [0]);
        const history = await store.history("dup");
        assert.equal(history.records.filter((r) => r.type === "checkpoint").length, 1, "nothing of the replaced thread is left");
      });
    });

    describe("committing and reading checkpoints", () => {
      it("returns the state of the last step, and of any given step", async () => {
        const run = await threeSteps("steps");
        const ops = new Set([...run.changes.values()].flat().map((c: StateChange) => c.op));
        assert.deepEqual([...ops].sort(), ["append", "set", "unset"], "the steps exercise every kind of change");

        const last = await store.checkpoint("steps");
        assert.equal(last.step, 3);
        assert.deepEqual(last.state, run.states.get(3));
        assert.deepEqual(last.nodes, ["d"]);
        assert.deepEqual(last.next, []);
        assert.ok(last.at > 0);
        for (let step = 0; step <= 3; step++) {
          const view = await store.checkpoint("steps", step);
          assert.equal(view.step, step);
          assert.deepEqual(view.state, run.states.get(step), `state at step ${step}`);
        }
        assert.deepEqual((await store.checkpoint("steps", 1)).next, ["b", "c"]);
        assert.deepEqual((await store.checkpoint("steps", 2)).nodes, ["b", "c"]);
        await expectCode(store.checkpoint("steps", 4), "CHECKPOINT_NOT_FOUND");
        await expectCode(store.checkpoint("nope"), "THREAD_NOT_FOUND");
      });

      it("lists the committed steps with their changes", async () => {
        const run = await threeSteps("list");
        const checkpoints = await store.checkpoints("list");
        assert.deepEqual(checkpoints.map((c) => c.step), [0, 1, 2, 3]);
        assert.deepEqual(checkpoints.map((c) => c.nodes), [[], ["a"], ["b", "c"], ["d"]]);
        for (let step = 1; step <= 3; step++) assert.deepEqual(checkpoints[step]!.changes, run.changes.get(step));
        // Replaying the listed changes by hand gives every state.
        const state: StateValues = {};
        for (const checkpoint of checkpoints) {
          applyChanges(state, checkpoint.changes);
          assert.deepEqual(state, run.states.get(checkpoint.step));
        }
      });

      it("resumes from the last commit when reopened", async () => {
        const run = await threeSteps("reopen");
        const writer = await pool.open(store, "reopen");
        assert.equal(writer.resume.step, 3);
        assert.deepEqual(writer.resume.state, run.states.get(3));
        assert.deepEqual(writer.resume.lastNodes, ["d"]);
        assert.deepEqual(writer.resume.next, []);
        assert.equal(writer.resume.thread.thread, "reopen");
        assert.equal(writer.resume.pending.size, 0);
      });
    });

    describe("work of the next step", () => {
      it("keeps recorded node completions and task results for the resume, until the step commits", async () => {
        const run = new StepDriver(await pool.create(store, newThread("pending")));
        // A completion of step 1 recorded before step 1 committed does not survive the commit.
        run.writer.recordNode({ step: 1, node: "a", attempt: 1, startedAt: 1000, durationMs: 5, writes: { count: 1 } });
        run.commit((s) => {
          s.count = 1;
        }, ["a"], ["b", "c", "d"]);
        const nodeB = { step: 2, node: "b", attempt: 2, startedAt: 2000, durationMs: 12.5, writes: { messages: ["from b"] }, logs: [{ level: "info" as const, message: "working", at: 2001 }] };
        const nodeC = { step: 2, node: "c", attempt: 1, startedAt: 2002, durationMs: 1, writes: {} };
        run.writer.recordTask({ step: 2, node: "b", name: "fetch", value: { status: 200, body: ["x"] } });
        run.writer.recordTask({ step: 2, node: "d", name: "charge", value: null });
        run.writer.recordNode(nodeB);
        run.writer.recordNode(nodeC);
        run.writer.recordFailure({ step: 2, node: "d", attempt: 1, final: false, at: 2003, error: { code: "NODE_FAILED", message: "flaky" } });
        await run.writer.close();

        const resumed = await pool.open(store, "pending");
        assert.equal(resumed.resume.step, 1);
        assert.deepEqual([...resumed.resume.pending.keys()].sort(), ["b", "c"]);
        const strip = (record: NodeRecord | undefined) => {
          assert.ok(record);
          const { seq, ...rest } = record;
          assert.equal(typeof seq, "number");
          return rest;
        };
        assert.deepEqual(strip(resumed.resume.pending.get("b")), { type: "node", ...nodeB });
        assert.deepEqual(strip(resumed.resume.pending.get("c")), { type: "node", ...nodeC });
        assert.equal(resumed.resume.tasks.size, 2);
        assert.deepEqual(resumed.resume.tasks.get(taskKey("b", "fetch")), { status: 200, body: ["x"] });
        assert.ok(resumed.resume.tasks.has(taskKey("d", "charge")));
        assert.equal(resumed.resume.tasks.get(taskKey("d", "charge")), null);

        // The commit of step 2 (with the last node's completion in the same write) clears them.
        const run2 = new StepDriver(resumed);
        const nodeD = { step: 2, node: "d", attempt: 2, startedAt: 2004, durationMs: 3, writes: { count: 2 } };
        resumed.commit({ step: 2, nodes: ["b", "c", "d"], changes: [{ key: "count", op: "set", value: 2 }], next: ["e"], state: { ...run2.state, count: 2 }, nodeRecords: [nodeD] });
        await resumed.close();
        const history = await store.history("pending");
        const lastTwo = history.records.filter((r) => r.type !== "release").slice(-2);
        assert.deepEqual(lastTwo.map((r) => r.type), ["node", "checkpoint"], "a step's node records are written with its checkpoint");

        const after = await pool.open(store, "pending");
        assert.equal(after.resume.step, 2);
        assert.deepEqual(after.resume.state, { messages: [], count: 2 });
        assert.equal(after.resume.pending.size, 0);
        assert.equal(after.resume.tasks.size, 0);
      });

      it("counts the runs started since the last commit", async () => {
        const first = await pool.create(store, newThread("loop"));
        first.recordRun({ run: "r1", pid: 1, at: 1, step: 0, resumed: false });
        await first.close();
        for (let runs = 1; runs <= 3; runs++) {
          const writer = await pool.open(store, "loop");
          assert.equal(writer.resume.runsWithoutProgress, runs);
          writer.recordRun({ run: `r${runs + 1}`, pid: 1, at: 1, step: 0, resumed: true });
          writer.recordFailure({ step: 1, node: "a", attempt: 1, final: true, at: 2, error: { code: "NODE_FAILED", message: "crash" } });
          await writer.close();
        }
        const writer = await pool.open(store, "loop");
        assert.equal(writer.resume.runsWithoutProgress, 4);
        writer.commit({ step: 1, nodes: ["a"], changes: [{ key: "count", op: "set", value: 1 }], next: [], state: { messages: [], count: 1 } });
        await writer.close();
        assert.equal((await pool.open(store, "loop")).resume.runsWithoutProgress, 0);
      });
    });

    describe("status", () => {
      for (const status of ["completed", "failed", "cancelled"] as const) {
        it(`reports a thread whose run ended ${status} as ${status}`, async () => {
          const run = new StepDriver(await pool.create(store, newThread(`end-${status}`)));
          run.writer.recordRun({ run: "r1", pid: process.pid, at: Date.now(), step: 0, resumed: false });
          run.commit((s) => {
            s.count = 1;
          }, ["a"], status === "completed" ? [] : ["b"]);
          const error = status === "failed" ? { code: "NODE_FAILED", message: "boom", details: { node: "b" } } : undefined;
          run.writer.end({ status, step: 1, at: Date.now(), ...(error ? { error } : {}) });
          await run.writer.close();

          const info = await store.getThread(`end-${status}`);
          assert.equal(info?.status, status);
          assert.equal(info.step, 1);
          assert.equal(info.owner, undefined);
          if (status === "failed") {
            assert.equal(info.error?.code, "NODE_FAILED");
            assert.equal(info.error?.message, "boom");
          } else assert.equal(info.error, undefined);
          const listed = (await store.listThreads()).find((t) => t.id === `end-${status}`);
          assert.equal(listed?.status, status);

          // Reopening shows how the last run ended, and opening alone changes nothing.
          const look = await pool.open(store, `end-${status}`);
          assert.equal(look.resume.end?.status, status);
          assert.equal((await store.getThread(`end-${status}`))?.status, status);
          await look.close();
          assert.equal((await store.getThread(`end-${status}`))?.status, status);
          // A new run makes it unfinished again.
          const writer = await pool.open(store, `end-${status}`);
          assert.equal(writer.resume.end?.status, status);
          writer.recordRun({ run: "r2", pid: process.pid, at: Date.now(), step: 1, resumed: true });
          await writer.close();
          assert.equal((await store.getThread(`end-${status}`))?.status, "interrupted");
          assert.equal((await pool.open(store, `end-${status}`)).resume.end, undefined);
        });
      }

      it("reports a thread as running while a writer holds it, and interrupted once closed without an end", async () => {
        const writer = await pool.create(store, newThread("mid"));
        writer.recordRun({ run: "r1", pid: process.pid, at: Date.now(), step: 0, resumed: false });
        new StepDriver(writer).commit((s) => {
          s.count = 5;
        });
        assert.equal((await store.getThread("mid"))?.status, "running");
        await writer.close();
        await writer.close(); // twice is fine
        const info = await store.getThread("mid");
        assert.equal(info?.status, "interrupted");
        assert.equal(info.step, 1);
        assert.equal(info.owner, undefined);
        await expectCode(() => writer.commit({ step: 2, nodes: [], changes: [], next: [], state: {} }), "INVALID_ARGUMENT");
      });

      it("lists every thread with its status", async () => {
        const running = await pool.create(store, newThread("l-running"));
        const done = await pool.create(store, newThread("l-done"));
        done.end({ status: "completed", step: 0, at: Date.now() });
        await done.close();
        await (await pool.create(store, newThread("l-stopped"))).close();
        const list = await store.listThreads();
        assert.deepEqual(
          Object.fromEntries(list.map((t) => [t.id, t.status])),
          { "l-running": "running", "l-done": "completed", "l-stopped": "interrupted" },
        );
        await running.close();
        assert.equal(await store.getThread("l-unknown"), undefined);
      });
    });

    describe("one writer per thread", () => {
      it("refuses a second writer, a replace and a delete with THREAD_LOCKED while one holds the thread", async () => {
        const writer = await pool.create(store, newThread("held"));
        const locked = await expectCode(store.open("held"), "THREAD_LOCKED");
        assert.equal(locked.details.pid, process.pid);
        await expectCode(store.create(newThread("held"), { replace: true }), "THREAD_LOCKED");
        await expectCode(store.delete("held"), "THREAD_LOCKED");
        // The refused attempts changed nothing: the holder still commits.
        new StepDriver(writer).commit((s) => {
          s.count = 1;
        });
        await writer.close();
        const again = await pool.open(store, "held");
        assert.equal(again.resume.step, 1);
        await expectCode(store.open("held"), "THREAD_LOCKED");
      });
    });

    describe("history", () => {
      it("pages through every record once, in sequence order", async () => {
        const run = new StepDriver(await pool.create(store, newThread("hist")));
        run.writer.recordRun({ run: "r1", pid: 7, at: 1, step: 0, resumed: false });
        for (let i = 1; i <= 4; i++) {
          run.writer.recordTask({ step: i, node: "a", name: "t", value: i });
          run.writer.recordNode({ step: i, node: "a", attempt: 1, startedAt: i, durationMs: 1, writes: { count: i } });
          if (i === 2) run.writer.recordFailure({ step: 2, node: "a", attempt: 1, final: false, at: 2, error: { code: "NODE_FAILED", message: "retry" } });
          run.commit((s) => {
            s.count = i;
            (s.messages as unknown[]).push(`m${i}`);
          });
        }
        run.writer.end({ status: "completed", step: 4, at: 9 });
        await run.writer.close();

        const all = await store.history("hist");
        assert.equal(all.nextSeq, undefined);
        const records = all.records;
        for (let i = 1; i < records.length; i++) assert.equal(records[i]!.seq, records[i - 1]!.seq + 1, "contiguous sequence numbers");
        const types = new Set(records.map((r) => r.type));
        for (const type of ["thread", "run", "task", "node", "failure", "checkpoint", "end", "release"]) assert.ok(types.has(type as JournalRecord["type"]), `history holds a ${type} record`);
        assert.deepEqual(records.filter((r) => r.type === "checkpoint").map((r) => (r as { step: number }).step), [0, 1, 2, 3, 4]);
        const thread = records.find((r) => r.type === "thread");
        assert.deepEqual(thread && { ...thread, seq: 0 }, { seq: 0, type: "thread", thread: "hist", graph: "graphs/demo.graph.ts", at: (thread as { at: number }).at, input: { question: "why?" } });
        assert.deepEqual(records.slice(-2).map((r) => r.type), ["end", "release"], "closing the writer released the thread, last");

        for (const limit of [1, 2, 3, 5, records.length, records.length + 10]) {
          const paged: JournalRecord[] = [];
          let afterSeq: number | undefined;
          for (let pages = 0; ; pages++) {
            assert.ok(pages <= records.length, "paging ends");
            const page = await store.history("hist", { limit, ...(afterSeq === undefined ? {} : { afterSeq }) });
            assert.ok(page.records.length <= limit);
            paged.push(...page.records);
            if (page.nextSeq === undefined) break;
            assert.equal(page.nextSeq, page.records.at(-1)?.seq);
            afterSeq = page.nextSeq;
          }
          assert.deepEqual(paged, records, `pages of ${limit}`);
        }
        const tail = await store.history("hist", { afterSeq: records[4]!.seq });
        assert.deepEqual(tail.records, records.slice(5));
        assert.deepEqual((await store.history("hist", { afterSeq: records.at(-1)!.seq })).records, []);
        await expectCode(store.history("hist", { limit: 0 }), "INVALID_ARGUMENT");
        await expectCode(store.history("nope"), "THREAD_NOT_FOUND");
      });
    });

    describe("deleting", () => {
      it("removes the thread entirely", async () => {
        await threeSteps("gone");
        await store.delete("gone");
        assert.equal(await store.getThread("gone"), undefined);
        assert.deepEqual(await store.listThreads(), []);
        await expectCode(store.checkpoint("gone"), "THREAD_NOT_FOUND");
        await expectCode(store.checkpoints("gone"), "THREAD_NOT_FOUND");
        await expectCode(store.history("gone"), "THREAD_NOT_FOUND");
        await expectCode(store.open("gone"), "THREAD_NOT_FOUND");
        await expectCode(store.verify("gone"), "THREAD_NOT_FOUND");
        await expectCode(store.delete("gone"), "THREAD_NOT_FOUND");
        await expectCode(store.fork("gone", 0, "gone-fork"), "THREAD_NOT_FOUND");
        // The id is free again.
        const writer = await pool.create(store, newThread("gone"));
        assert.equal(writer.resume.step, 0);
      });
    });

    describe("forking", () => {
      it("starts a new thread from a past checkpoint, leaving the source unchanged", async () => {
        const run = await threeSteps("src");
        const sourceHistory = await store.history("src");
        const info = await store.fork("src", 2, "src-fork");
        assert.equal(info.id, "src-fork");
        assert.equal(info.step, 2);
        assert.deepEqual(info.forkedFrom, { thread: "src", step: 2 });
        assert.equal(info.graph, "graphs/demo.graph.ts");
        assert.notEqual(info.status, "running");

        const view = await store.checkpoint("src-fork");
        assert.equal(view.step, 2);
        assert.deepEqual(view.state, run.states.get(2));
        assert.deepEqual(view.next, ["d"]);
        assert.deepEqual((await store.checkpoint("src-fork", 2)).state, run.states.get(2));
        assert.deepEqual(await store.history("src"), sourceHistory, "the source is unchanged");
        assert.equal((await store.getThread("src-fork"))?.forkedFrom?.thread, "src");

        // The fork continues from step 2, on its own.
        const fork = new StepDriver(await pool.open(store, "src-fork"));
        assert.equal(fork.writer.resume.step, 2);
        assert.deepEqual(fork.writer.resume.thread.forkedFrom, { thread: "src", step: 2 });
        assert.deepEqual(fork.writer.resume.state, run.states.get(2));
        fork.commit((s) => {
          s.count = 100;
          (s.messages as unknown[]).push("only in the fork");
        }, ["d"], []);
        await fork.writer.close();
        const forked = await store.checkpoint("src-fork");
        assert.equal(forked.step, 3);
        assert.deepEqual(forked.state, fork.states.get(3));
        const source = await store.checkpoint("src");
        assert.equal(source.step, 3);
        assert.deepEqual(source.state, run.states.get(3));
        assert.deepEqual(await store.history("src"), sourceHistory);
        assert.deepEqual((await store.checkpoints("src-fork")).map((c) => c.step), [2, 3]);
      });

      it("forks a thread that a writer holds, and refuses a taken id or a missing step", async () => {
        const run = new StepDriver(await pool.create(store, newThread("busy")));
        run.commit((s) => {
          s.count = 1;
        });
        const info = await store.fork("busy", 1, "busy-fork");
        assert.equal(info.step, 1);
        assert.deepEqual((await store.checkpoint("busy-fork")).state, run.states.get(1));
        await expectCode(store.fork("busy", 0, "busy-fork"), "THREAD_EXISTS");
        await expectCode(store.fork("busy", 7, "busy-fork-2"), "CHECKPOINT_NOT_FOUND");
        assert.equal(await store.getThread("busy-fork-2"), undefined, "a failed fork leaves no thread");
        // The holder was not disturbed.
        run.commit((s) => {
          s.count = 2;
        });
        assert.equal((await store.checkpoint("busy")).step, 2);
      });
      it("records a person's edit as the fork's next step, only the keys it changed, the source untouched", async () => {
        const run = await threeSteps("ed");
        const sourceHistory = await store.history("ed");
        const before = run.states.get(2)!;
        const edited = { ...structuredClone(before), count: 42, messages: [...(before.messages as unknown[]), "added by hand"] };
        const info = await store.fork("ed", 2, "ed-edit", { edit: { state: edited, by: "ada" } });
        assert.equal(info.step, 3, "the edit is the fork's step 3");
        assert.deepEqual(info.forkedFrom, { thread: "ed", step: 2 });
        assert.deepEqual(info.next, ["d"], "the nodes due next are the fork point's");
        assert.notEqual(info.status, "running");

        const view = await store.checkpoint("ed-edit");
        assert.equal(view.step, 3);
        assert.deepEqual(view.state, edited);
        assert.deepEqual(view.nodes, []);
        assert.equal(view.edit?.by, "ada");
        assert.deepEqual(view.edit?.keys.sort(), ["count", "messages"]);
        assert.deepEqual((await store.checkpoint("ed-edit", 2)).state, before, "the fork point is as it was");
        assert.equal((await store.checkpoint("ed-edit", 2)).edit, undefined);

        const steps = await store.checkpoints("ed-edit");
        assert.deepEqual(steps.map((c) => c.step), [2, 3]);
        const editStep = steps[1]!;
        assert.deepEqual(editStep.edit, { by: "ada", keys: ["count", "messages"] });
        assert.deepEqual(editStep.nodes, []);
        assert.deepEqual(editStep.next, ["d"]);
        // Only what changed is written: the count, and the one message appended.
        assert.deepEqual(
          editStep.changes.map((c) => c.key).sort(),
          ["count", "messages"],
        );
        assert.deepEqual(editStep.changes.find((c) => c.key === "messages"), { key: "messages", op: "append", items: ["added by hand"] });
        assert.deepEqual(await store.history("ed"), sourceHistory, "the source is unchanged");

        // The fork continues from the edited state.
        const fork = new StepDriver(await pool.open(store, "ed-edit"));
        assert.equal(fork.writer.resume.step, 3);
        assert.deepEqual(fork.writer.resume.state, edited);
        assert.deepEqual(fork.writer.resume.next, ["d"]);
        await fork.writer.close();
      });

      it("refuses an edit that changes nothing, and writes no thread", async () => {
        const run = await threeSteps("same");
        await expectCode(store.fork("same", 1, "same-edit", { edit: { state: structuredClone(run.states.get(1)!), by: "ada" } }), "EDIT_EMPTY");
        assert.equal(await store.getThread("same-edit"), undefined);
      });

      it("records an edit that removes a key as unset", async () => {
        const run = await threeSteps("rm");
        const { result: _dropped, ...edited } = structuredClone(run.states.get(3)!);
        await store.fork("rm", 3, "rm-edit", { edit: { state: edited, by: "bob" } });
        const [, editStep] = await store.checkpoints("rm-edit");
        assert.deepEqual(editStep!.changes, [{ key: "result", op: "unset" }]);
        assert.deepEqual((await store.checkpoint("rm-edit")).state, edited);
      });
    });

    describe("identifiers", () => {
      const bad = ["../x", "__proto__", "x".repeat(10 * 1024), "", "a/b", ".hidden", "..", "a\\b", "constructor"];

      it("refuses invalid thread ids with INVALID_ID and writes nothing", async () => {
        await threeSteps("valid");
        const before = await store.history("valid");
        for (const id of bad) {
          const label = JSON.stringify(id.slice(0, 20));
          await expectCode(store.create(newThread(id)), "INVALID_ID").catch((e) => assert.fail(`create ${label}: ${e.message}`));
          await expectCode(store.create(newThread(id), { replace: true }), "INVALID_ID");
          await expectCode(store.open(id), "INVALID_ID");
          await expectCode(store.getThread(id), "INVALID_ID");
          await expectCode(store.history(id), "INVALID_ID");
          await expectCode(store.checkpoint(id), "INVALID_ID");
          await expectCode(store.checkpoints(id), "INVALID_ID");
          await expectCode(store.delete(id), "INVALID_ID");
          await expectCode(store.verify(id), "INVALID_ID");
          await expectCode(store.fork("valid", 1, id), "INVALID_ID");
          await expectCode(store.fork(id, 0, "fresh"), "INVALID_ID");
        }
        assert.deepEqual((await store.listThreads()).map((t) => t.id), ["valid"]);
        assert.deepEqual(await store.history("valid"), before);
      });
    });

    describe("snapshots", () => {
      it("resumes a long thread with a big unchanged value to exactly the state replayed by hand", async function () {
        this.timeout(120_000);
        // Enough steps of changes to outweigh twice the state (the snapshot policy) more than once.
        const STEPS = 220;
        const big = { text: "β".repeat(50_000) + "x".repeat(50_000), list: Array.from({ length: 500 }, (_, i) => ({ i, s: `item ${i}` })) };
        const initial: StateValues = { big, log: [], n: 0 };
        let writer: ThreadWriter = await pool.create(store, newThread("snap", initial, ["a"]));
        let run = new StepDriver(writer);
        const byHand = structuredClone(initial);
        let lastSeq = (await store.history("snap")).records.at(-1)!.seq;
        let snapshots = 0;
        let reopenedAfterSnapshot = 0;

        const step = (i: number) => {
          const changes = run.commit((s) => {
            s.n = i;
            (s.log as unknown[]).push({ i, pad: "p".repeat(3000) });
            if (i % 7 === 0) s.flag = i;
            if (i % 7 === 3) delete s.flag;
            if (i % 25 === 0) s.log = [{ restartedAt: i }];
          }, [`n${i % 3}`], [`n${(i + 1) % 3}`]);
          assert.ok(!changes.some((c) => c.key === "big"), "the unchanged value is never written again");
          applyChanges(byHand, structuredClone(changes));
        };

        const checkResume = (w: ThreadWriter, i: number) => {
          assert.equal(w.resume.step, i);
          assert.deepEqual(w.resume.state, byHand);
          assert.deepEqual(w.resume.lastNodes, [`n${i % 3}`]);
          assert.deepEqual(w.resume.next, [`n${(i + 1) % 3}`]);
        };

        for (let i = 1; i <= STEPS; i++) {
          step(i);
          const added = await store.history("snap", { afterSeq: lastSeq });
          lastSeq = added.records.at(-1)?.seq ?? lastSeq;
          if (added.records.some((r) => r.type === "snapshot")) {
            snapshots++;
            assert.equal(added.records.at(-1)?.type, "snapshot", "a snapshot follows its step's checkpoint");
            // Reopen right after the snapshot: resuming starts from it.
            await writer.close();
            writer = await pool.open(store, "snap");
            checkResume(writer, i);
            const view = await store.checkpoint("snap");
            assert.deepEqual(view.state, byHand);
            assert.deepEqual(view.nodes, [`n${i % 3}`]);
            assert.ok(view.at > 0);
            run = new StepDriver(writer);
            reopenedAfterSnapshot++;
            lastSeq = (await store.history("snap", { afterSeq: lastSeq })).records.at(-1)?.seq ?? lastSeq;
          } else if (i % 40 === 0) {
            await writer.close();
            writer = await pool.open(store, "snap");
            checkResume(writer, i);
            run = new StepDriver(writer);
            lastSeq = (await store.history("snap", { afterSeq: lastSeq })).records.at(-1)?.seq ?? lastSeq;
          }
        }
        assert.ok(snapshots >= 1, `snapshots were written (${snapshots})`);
        assert.ok(reopenedAfterSnapshot >= 1);
        await writer.close();

        const final = await pool.open(store, "snap");
        checkResume(final, STEPS);
        assert.deepEqual((await store.checkpoint("snap")).state, byHand);
        // Past steps still read back exactly, from the changes.
        const replayed: StateValues = {};
        for (const checkpoint of await store.checkpoints("snap")) {
          applyChanges(replayed, checkpoint.changes);
          if (checkpoint.step % 30 === 0) assert.deepEqual((await store.checkpoint("snap", checkpoint.step)).state, replayed, `step ${checkpoint.step}`);
        }
        assert.deepEqual(replayed, byHand);
      });
    });
  });
}
