import assert from "node:assert/strict";
import { z } from "zod";
import { compareFingerprints, graphChangePhrases } from "../../../src/core/fingerprint/compareFingerprints";
import { fingerprintGraph } from "../../../src/core/fingerprint/graphFingerprint";
import { appendReducer, END, START, StateGraph } from "../../../src/core/sdk/index";
import { judgeGraphFit } from "../../../src/runner/graphFits";

/** A three-node chain whose parts each test varies: the graph a thread ran, and its edited versions. */
function chain(options: { planBody?: string; schema?: z.ZodObject; route?: () => string; extraNode?: boolean; retry?: number } = {}) {
  const schema = options.schema ?? z.object({ n: z.number().default(0), log: z.array(z.string()).default([]) });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const plan = options.planBody ? (new Function("s", options.planBody) as () => object) : async () => ({ n: 1 });
  // Built loosely typed: the tests vary the schema the nodes are written against.
  let g: StateGraph<any> = new StateGraph(schema, { reducers: ("log" in schema.shape ? { log: appendReducer } : {}) as Record<string, typeof appendReducer> })
    .addNode("plan", plan, options.retry ? { retry: { maxAttempts: options.retry } } : {})
    .addNode("act", async () => ({ log: ["act"] }))
    .addNode("check", async () => ({ log: ["check"] }));
  if (options.extraNode) g = g.addNode("review", async () => ({})).addEdge("review", END);
  g = g.addEdge(START, "plan");
  g = options.route ? g.addConditionalEdges("plan", options.route, ["act", "check"]) : g.addEdge("plan", "act");
  return g.addEdge("act", "check").addEdge("check", END).compile();
}

describe("graph fingerprints", () => {
  it("are the same for the same graph built twice, and name each part", () => {
    const a = fingerprintGraph(chain());
    const b = fingerprintGraph(chain());
    assert.equal(a.id, b.id);
    assert.deepEqual(Object.keys(a.nodes).sort(), ["act", "check", "plan"]);
    assert.deepEqual(Object.keys(a.keys).sort(), ["log", "n"]);
    assert.equal(compareFingerprints(a, b), undefined);
  });

  it("say which node's code or options changed, which were added, and which edges changed", () => {
    const before = fingerprintGraph(chain());
    const code = compareFingerprints(before, fingerprintGraph(chain({ planBody: "return { n: 2 }" })))!;
    assert.deepEqual(graphChangePhrases(code), ["node plan changed"]);
    const retry = compareFingerprints(before, fingerprintGraph(chain({ retry: 3 })))!;
    assert.deepEqual(retry.nodes.changed, ["plan"]);
    const added = compareFingerprints(before, fingerprintGraph(chain({ extraNode: true })))!;
    assert.deepEqual(graphChangePhrases(added), ["node review added"]);
    const routed = compareFingerprints(before, fingerprintGraph(chain({ route: () => "check" })))!;
    assert.deepEqual(graphChangePhrases(routed), ["edges from plan changed"]);
    const removed = compareFingerprints(fingerprintGraph(chain({ extraNode: true })), before)!;
    assert.deepEqual(removed.nodes.removed, ["review"]);
  });

  it("say which state keys were added, removed or changed", () => {
    const before = fingerprintGraph(chain());
    const after = fingerprintGraph(chain({ schema: z.object({ n: z.string().default(""), draft: z.string().optional() }) }));
    const changes = compareFingerprints(before, after)!;
    assert.deepEqual(changes.keys, { added: ["draft"], removed: ["log"], changed: ["n"] });
    assert.deepEqual(graphChangePhrases(changes), ["key draft added", "key log removed", "key n changed"]);
  });
});

describe("judging a changed graph against a thread, before anything is written", () => {
  const ran = fingerprintGraph(chain());
  const after = (step: number, state: object, next: string[], lastNodes: string[]) => ({ step, state: state as Record<string, unknown>, next, lastNodes, graph: ran });

  it("lets a changed node's code resume, and names the change", () => {
    const fit = judgeGraphFit(chain({ planBody: "return { n: 5 }" }), after(0, { n: 0, log: [] }, ["plan"], []), "t", "g.graph.ts");
    assert.equal(fit.refusal, undefined);
    assert.deepEqual(fit.changes?.nodes.changed, ["plan"]);
  });

  it("refuses for good a node due next that is gone", () => {
    const graph = new StateGraph(z.object({ n: z.number().default(0), log: z.array(z.string()).default([]) })).addNode("plan", async () => ({})).addEdge(START, "plan").addEdge("plan", END).compile();
    const fit = judgeGraphFit(graph, after(1, { n: 1, log: [] }, ["act"], ["plan"]), "t", "g.graph.ts");
    assert.equal(fit.refusal?.code, "GRAPH_CHANGED");
    assert.equal(fit.refusal?.details.reason, "node-removed");
    assert.equal(fit.acceptable, false);
    assert.match(fit.refusal!.message, /node "act".*changed since its last run: .*nodes act, check removed/);
  });

  it("refuses a stored state the new schema rejects, or one holding a key it dropped, naming the key", () => {
    const retyped = judgeGraphFit(chain({ schema: z.object({ n: z.string(), log: z.array(z.string()) }) }), after(1, { n: 1, log: [] }, ["act"], ["plan"]), "t", "g");
    assert.equal(retyped.refusal?.details.reason, "state-unfit");
    assert.match(retyped.refusal!.message, /"n"/);
    const dropped = judgeGraphFit(chain({ schema: z.object({ n: z.number() }) }), after(1, { n: 1, log: [] }, ["act"], ["plan"]), "t", "g");
    assert.match(dropped.refusal!.message, /holds "log"/);
    assert.equal(dropped.acceptable, false);
  });

  it("refuses, but accepts on request, a step that now routes elsewhere than the thread is due to go", () => {
    const fit = judgeGraphFit(chain({ route: () => "check" }), after(1, { n: 1, log: [] }, ["act"], ["plan"]), "t", "g");
    assert.equal(fit.refusal?.details.reason, "rerouted");
    assert.equal(fit.acceptable, true);
    assert.deepEqual(fit.refusal?.details.now, ["check"]);
    // A router that picks what the thread recorded is no refusal.
    assert.equal(judgeGraphFit(chain({ route: () => "act" }), after(1, { n: 1, log: [] }, ["act"], ["plan"]), "t", "g").refusal, undefined);
  });

  it("compares nothing for a thread whose runs recorded no fingerprint (journals from before)", () => {
    const fit = judgeGraphFit(chain({ planBody: "return {}" }), { step: 0, state: { n: 0, log: [] }, next: ["plan"], lastNodes: [] }, "t", "g");
    assert.deepEqual(fit, {});
  });
});
