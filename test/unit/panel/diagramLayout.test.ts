import assert from "node:assert/strict";
import { layoutGraph, type GraphLayout, type NodeBox, type Point } from "../../../media/panel/diagramLayout";

const size = { width: 60, height: 32 };

/** plan → 3 parallel fetches → join, join → plan (a conditional loop back) or END; fetch_1 loops on itself. */
function fanOutLoop(): GraphLayout {
  const ids = ["__start__", "plan", "fetch_1", "fetch_2", "fetch_3", "join", "__end__"];
  const edges = [
    { from: "__start__", to: "plan", conditional: false },
    ...["fetch_1", "fetch_2", "fetch_3"].flatMap((f) => [
      { from: "plan", to: f, conditional: false },
      { from: f, to: "join", conditional: false },
    ]),
    { from: "join", to: "plan", conditional: true },
    { from: "join", to: "__end__", conditional: true },
    { from: "fetch_1", to: "fetch_1", conditional: true },
  ];
  return layoutGraph(new Map(ids.map((id) => [id, size])), edges);
}

/** How far a point is from a box's border (0 on it; positive outside). */
function fromBorder(p: Point, b: NodeBox): number {
  const dx = Math.max(b.x - p.x, 0, p.x - (b.x + b.width));
  const dy = Math.max(b.y - p.y, 0, p.y - (b.y + b.height));
  const outside = Math.hypot(dx, dy);
  if (outside > 0) return outside;
  return Math.min(p.x - b.x, b.x + b.width - p.x, p.y - b.y, b.y + b.height - p.y);
}

describe("the run panel's diagram layout", () => {
  it("draws a loop back to an earlier node whole: inside the picture, from the source's border to the target's", () => {
    const layout = fanOutLoop();
    const boxes = new Map(layout.nodes.map((b) => [b.id, b]));
    assert.equal(layout.edges.length, 10);
    for (const edge of layout.edges) {
      for (const p of edge.points) {
        assert.ok(p.x >= 0 && p.x <= layout.width && p.y >= 0 && p.y <= layout.height, `${edge.from} → ${edge.to}: (${p.x}, ${p.y}) outside ${layout.width}×${layout.height}`);
      }
      const first = edge.points[0]!;
      const last = edge.points.at(-1)!;
      assert.ok(fromBorder(first, boxes.get(edge.from)!) < 1.5, `${edge.from} → ${edge.to} starts on ${edge.from}`);
      assert.ok(fromBorder(last, boxes.get(edge.to)!) < 1.5, `${edge.from} → ${edge.to} ends on ${edge.to}`);
      // One path, every point joined to the next: M, then L (or one C for a loop), no gap.
      assert.match(edge.d, edge.from === edge.to ? /^M [\d.]+ [\d.]+ C( [\d.]+ [\d.]+){3}$/ : /^M [\d.]+ [\d.]+( L [\d.]+ [\d.]+)+$/, edge.d);
    }
    const back = layout.edges.find((e) => e.from === "join" && e.to === "plan")!;
    assert.ok(back.points.length > 2, "the loop back is routed around the nodes between");
  });

  it("draws a node's edge to itself as a loop out of its side and back", () => {
    const layout = fanOutLoop();
    const loop = layout.edges.find((e) => e.from === "fetch_1" && e.to === "fetch_1")!;
    const box = layout.nodes.find((b) => b.id === "fetch_1")!;
    assert.ok(loop.points.some((p) => p.x > box.x + box.width + 20), "it bulges out of the node");
  });

  it("frames an empty graph", () => {
    assert.deepEqual(layoutGraph(new Map(), []), { width: 16, height: 16, nodes: [], edges: [] });
  });
});
