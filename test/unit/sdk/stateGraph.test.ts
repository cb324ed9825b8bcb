import assert from "node:assert/strict";
import { DurableError } from "../../../src/core/errors";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";

const State = z.object({
  count: z.number().default(0),
  items: z.array(z.string()).default([]),
  note: z.string().optional(),
});

const noop = () => ({});

/** The line of the caller of `here()`, as the stack (source-mapped by tsx) reports it. */
function here(): number {
  const frame = new Error().stack!.split("\n")[2]!;
  return Number(/:(\d+):\d+\)?$/.exec(frame)![1]);
}

/** Runs `build`, asserts it throws a GRAPH_INVALID DurableError, and returns it. */
function buildError(build: () => unknown): DurableError {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof DurableError, `expected a DurableError, got ${String(caught)}`);
  assert.equal(caught.code, "GRAPH_INVALID");
  return caught;
}

function assertSiteIsThisFile(error: DurableError, line: number): void {
  assert.match(String(error.details.file), /stateGraph\.test\.ts$/, "the error points at the graph file");
  assert.equal(error.details.line, line, "…at the line of the offending call");
  assert.equal(typeof error.details.column, "number");
}

describe("StateGraph", () => {
  describe("state", () => {
    it("starts from the schema's defaults", () => {
      const graph = new StateGraph(State).addNode("a", noop).addEdge(START, "a").addEdge("a", END).compile();
      assert.deepEqual(graph.schema.parse({}), { count: 0, items: [] });
      assert.deepEqual(graph.schema.parse({ count: 3 }), { count: 3, items: [] });
    });

    it("keeps the reducers declared for schema keys", () => {
      const append = (a: string[], b: string[]) => a.concat(b);
      const graph = new StateGraph(State, { reducers: { items: append } }).addNode("a", noop).addEdge(START, "a").addEdge("a", END).compile();
      assert.equal(graph.reducers.get("items"), append);
      assert.equal(graph.reducers.has("count"), false);
    });

    it("refuses a schema that is not a zod object", () => {
      const error = buildError(() => new StateGraph(z.string() as unknown as typeof State));
      assert.match(error.message, /zod object/);
    });

    it("refuses a reducer for a key the schema does not have, naming the key and the real keys", () => {
      const reducers = { itmes: (a: unknown) => a } as unknown as { items: (a: string[]) => string[] };
      const line = here() + 1;
      const error = buildError(() => new StateGraph(State, { reducers }));
      assert.match(error.message, /reducer for "itmes"/);
      assert.match(error.message, /count, items, note/);
      assert.equal(error.details.key, "itmes");
      assertSiteIsThisFile(error, line);
    });
  });

  describe("node mistakes throw at once, pointing at the call", () => {
    it("a node added twice", () => {
      const graph = new StateGraph(State).addNode("a", noop);
      const line = here() + 1;
      const error = buildError(() => graph.addNode("a", noop));
      assert.match(error.message, /node "a" is added twice/);
      assert.equal(error.details.node, "a");
      assertSiteIsThisFile(error, line);
    });

    for (const name of ["START", "END", START, END]) {
      it(`a node named ${JSON.stringify(name)}`, () => {
        const error = buildError(() => new StateGraph(State).addNode(name, noop));
        assert.match(error.message, /reserved/);
        assert.ok(error.message.includes(`"${name}"`), error.message);
      });
    }

    it("a node without a name or without a function", () => {
      assert.match(buildError(() => new StateGraph(State).addNode("  ", noop)).message, /non-empty name/);
      assert.match(buildError(() => new StateGraph(State).addNode("a", "nope" as never)).message, /node "a" needs a function/);
    });

    it("a retry policy or timeout that makes no sense", () => {
      assert.match(buildError(() => new StateGraph(State).addNode("a", noop, { retry: { maxAttempts: 0 } })).message, /maxAttempts/);
      assert.match(buildError(() => new StateGraph(State).addNode("a", noop, { timeoutMs: -5 })).message, /timeoutMs/);
    });

    it("adding to a compiled graph", () => {
      const graph = new StateGraph(State).addNode("a", noop).addEdge(START, "a").addEdge("a", END);
      graph.compile();
      assert.match(buildError(() => graph.addNode("b", noop)).message, /already compiled/);
    });
  });

  describe("graph mistakes throw on compile()", () => {
    it("an edge to an unknown node names it, suggests the close name, and points at the edge", () => {
      const graph = new StateGraph(State).addNode("summarise", noop).addEdge(START, "summarise");
      const line = here() + 1;
      graph.addEdge("summarise", "sumarise");
      const error = buildError(() => graph.compile());
      assert.match(error.message, /unknown node "sumarise"/);
      assert.match(error.message, /did you mean "summarise"\?/);
      assert.equal(error.details.node, "sumarise");
      assertSiteIsThisFile(error, line);
    });

    it("an edge from an unknown node lists the known ones when nothing is close", () => {
      const graph = new StateGraph(State).addNode("a", noop).addEdge(START, "a").addEdge("a", END).addEdge("zzzzzz", "a");
      const error = buildError(() => graph.compile());
      assert.match(error.message, /unknown node "zzzzzz" \(known nodes: a\)/);
    });

    it("a conditional edge to an unknown destination", () => {
      const graph = new StateGraph(State)
        .addNode("a", noop)
        .addEdge(START, "a")
        .addConditionalEdges("a", () => END, [END, "ghost"]);
      const error = buildError(() => graph.compile());
      assert.match(error.message, /unknown node "ghost"/);
    });

    it("conditional edges from an unknown node", () => {
      const graph = new StateGraph(State).addNode("a", noop).addEdge(START, "a").addEdge("a", END).addConditionalEdges("b", () => END);
      assert.match(buildError(() => graph.compile()).message, /conditional edges start at unknown node "b"/);
    });

    it("edges out of END or into START", () => {
      const out = new StateGraph(State).addNode("a", noop).addEdge(START, "a").addEdge("a", END).addEdge(END, "a");
      assert.match(buildError(() => out.compile()).message, /cannot start at END/);
      const into = new StateGraph(State).addNode("a", noop).addEdge(START, "a").addEdge("a", END).addEdge("a", START);
      assert.match(buildError(() => into.compile()).message, /cannot lead to START/);
    });

    it("no edge from START", () => {
      const graph = new StateGraph(State).addNode("a", noop).addEdge("a", END);
      assert.match(buildError(() => graph.compile()).message, /no entry: add an edge from START/);
    });

    it("no path from START to END", () => {
      const graph = new StateGraph(State).addNode("a", noop).addNode("b", noop).addEdge(START, "a").addEdge("a", "b").addEdge("b", "a");
      assert.match(buildError(() => graph.compile()).message, /no path leads from START to END/);
    });
  });

  describe("legal but suspicious", () => {
    it("an unreachable node is a warning naming it and its line, not an error", () => {
      const line = here() + 1;
      const graph = new StateGraph(State).addNode("orphan", noop).addNode("a", noop).addEdge(START, "a").addEdge("a", END).compile();
      assert.equal(graph.warnings.length, 1);
      assert.match(graph.warnings[0]!, /node "orphan" can never run/);
      assert.ok(graph.warnings[0]!.includes(`stateGraph.test.ts:${line}`), graph.warnings[0]);
      assert.deepEqual([...graph.nodes.keys()], ["orphan", "a"]);
    });

    it("a reachable graph has no warnings; a router without destinations may reach any node", () => {
      const graph = new StateGraph(State)
        .addNode("a", noop)
        .addNode("b", noop)
        .addEdge(START, "a")
        .addConditionalEdges("a", () => "b")
        .addEdge("b", END)
        .compile();
      assert.deepEqual(graph.warnings, []);
    });
  });

  describe("compiled shape", () => {
    it("lists nodes and static and conditional edges; fan-in edges become one edge per source", () => {
      const graph = new StateGraph(State)
        .addNode("a", noop)
        .addNode("b", noop)
        .addNode("join", noop)
        .addEdge(START, "a")
        .addConditionalEdges("a", () => ["b"], { left: "b", done: END })
        .addEdge(["a", "b"], "join")
        .addEdge("join", END)
        .compile();
      assert.deepEqual(graph.shape(), {
        nodes: ["a", "b", "join"],
        edges: [
          { from: START, to: "a", conditional: false },
          { from: "a", to: "join", conditional: false },
          { from: "b", to: "join", conditional: false },
          { from: "join", to: END, conditional: false },
          { from: "a", to: "b", conditional: true },
          { from: "a", to: END, conditional: true },
        ],
      });
      assert.deepEqual(graph.edges.get("a"), ["join"]);
    });

    it("compile() twice returns the same frozen graph", () => {
      const builder = new StateGraph(State).addNode("a", noop).addEdge(START, "a").addEdge("a", END);
      const graph = builder.compile();
      assert.equal(builder.compile(), graph);
      assert.ok(Object.isFrozen(graph));
    });
  });
});
