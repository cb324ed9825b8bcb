import dagre from "@dagrejs/dagre";

export interface Point {
  x: number;
  y: number;
}

/** A node's box, its top-left corner at (x, y). */
export interface NodeBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgePath {
  from: string;
  to: string;
  conditional: boolean;
  /** SVG path data, from the source's border to the target's. */
  d: string;
  /** The points the path passes through (the curve's control points for a self-loop). */
  points: Point[];
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgePath[];
}

const MARGIN = 8;
/** How far a self-loop bulges out of its node's right side. */
const LOOP_REACH = 30;

/**
 * Lays the graph out top to bottom with dagre, then frames everything drawn: dagre routes an edge
 * that goes back up (a loop to an earlier node) around the nodes, where its points can lie outside the
 * graph's own width (negative x), and such an edge was clipped to two stubs. Every point is shifted
 * into the picture, and a node's edge to itself is drawn as a loop on its right side (dagre's points
 * for one fold back onto themselves).
 */
export function layoutGraph(nodes: ReadonlyMap<string, { width: number; height: number }>, edges: readonly { from: string; to: string; conditional: boolean }[]): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 36, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const [id, size] of nodes) g.setNode(id, { ...size });
  for (const e of edges) if (e.from !== e.to) g.setEdge(e.from, e.to, { conditional: e.conditional });
  dagre.layout(g);
  const boxes: NodeBox[] = g.nodes().map((id) => {
    const n = g.node(id);
    return { id, x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
  });
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const paths: EdgePath[] = [];
  for (const e of edges) {
    if (e.from === e.to) {
      const box = byId.get(e.from);
      if (box) paths.push(selfLoop(box, e.conditional));
      continue;
    }
    const points = (g.edge(e.from, e.to) as { points: Point[] }).points.map((p) => ({ x: p.x, y: p.y }));
    paths.push({ from: e.from, to: e.to, conditional: e.conditional, points, d: "" });
  }
  // Frame every box and point, MARGIN around them.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const include = (x: number, y: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  for (const b of boxes) {
    include(b.x, b.y);
    include(b.x + b.width, b.y + b.height);
  }
  for (const p of paths) for (const q of p.points) include(q.x, q.y);
  if (minX === Infinity) return { width: 2 * MARGIN, height: 2 * MARGIN, nodes: [], edges: [] };
  const dx = MARGIN - minX;
  const dy = MARGIN - minY;
  for (const b of boxes) {
    b.x += dx;
    b.y += dy;
  }
  for (const p of paths) {
    for (const q of p.points) {
      q.x += dx;
      q.y += dy;
    }
    p.d = p.from === p.to ? loopPath(p.points) : p.points.map((q, i) => `${i ? "L" : "M"} ${q.x.toFixed(1)} ${q.y.toFixed(1)}`).join(" ");
  }
  return { width: maxX - minX + 2 * MARGIN, height: maxY - minY + 2 * MARGIN, nodes: boxes, edges: paths };
}

/** A loop out of a node's right side and back into it: start, two control points, end. */
function selfLoop(box: NodeBox, conditional: boolean): EdgePath {
  const right = box.x + box.width;
  const middle = box.y + box.height / 2;
  const points = [
    { x: right, y: middle - 7 },
    { x: right + LOOP_REACH, y: middle - 20 },
    { x: right + LOOP_REACH, y: middle + 20 },
    { x: right, y: middle + 7 },
  ];
  return { from: box.id, to: box.id, conditional, points, d: "" };
}

function loopPath([a, c1, c2, b]: Point[]): string {
  const f = (p: Point) => `${p.x.toFixed(1)} ${p.y.toFixed(1)}`;
  return `M ${f(a!)} C ${f(c1!)} ${f(c2!)} ${f(b!)}`;
}
