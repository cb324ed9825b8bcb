import type { GraphShape, NodeMarks } from "../../src/core/protocol/panelMessages";
import { layoutGraph } from "./diagramLayout";
import { el, svg } from "./dom";

const START = "__start__";
const END = "__end__";
const label = (id: string) => (id === START ? "START" : id === END ? "END" : id);

/**
 * The graph laid out by dagre and drawn as SVG (text through textContent only). Conditional edges are
 * dashed; node classes (done, running, failed, next) follow the run as `mark` is called.
 */
export class Diagram {
  private readonly nodes = new Map<string, SVGGElement>();
  private marks?: NodeMarks;

  constructor(private readonly target: HTMLElement) {}

  draw(shape: GraphShape): void {
    const ids = new Set(shape.nodes);
    for (const e of shape.edges) ids.add(e.from).add(e.to);
    const sizes = new Map<string, { width: number; height: number }>();
    for (const id of ids) {
      const terminal = id === START || id === END;
      sizes.set(id, { width: terminal ? 64 : Math.min(260, 24 + label(id).length * 7.5), height: terminal ? 26 : 32 });
    }
    const layout = layoutGraph(sizes, shape.edges);
    const { width, height } = layout;
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": describe(shape) });
    const defs = svg("defs");
    const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
    marker.append(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead" }));
    defs.append(marker);
    root.append(defs);
    for (const edge of layout.edges) {
      const path = svg("path", { d: edge.d, class: `edge${edge.conditional ? " conditional" : ""}`, "marker-end": "url(#arrow)", "data-edge": `${edge.from}→${edge.to}` });
      path.append(svg("title", {}, `${label(edge.from)} → ${label(edge.to)}${edge.conditional ? " (conditional)" : ""}`));
      root.append(path);
    }
    this.nodes.clear();
    for (const n of layout.nodes) {
      const id = n.id;
      const group = svg("g", { class: `node${id === START || id === END ? " terminal" : ""}`, "data-node": id, transform: `translate(${n.x},${n.y})` });
      group.append(svg("rect", { width: n.width, height: n.height, rx: id === START || id === END ? 13 : 5 }));
      group.append(svg("text", { x: n.width / 2, y: n.height / 2, "dominant-baseline": "central", "text-anchor": "middle" }, label(id)));
      group.append(svg("title", {}, label(id)));
      this.nodes.set(id, group);
      root.append(group);
    }
    const legend = el("p", { class: "legend" }, [
      ...["done", "running", "next", "failed"].map((k) => el("span", { class: `key key-${k}`, text: k })),
      el("span", { class: "key key-conditional", text: "conditional edge" }),
      shape.note ? el("span", { class: "note", text: shape.note }) : undefined,
    ]);
    this.target.replaceChildren(el("div", { class: "diagram-canvas" }, [root]), legend);
    if (this.marks) this.mark(this.marks);
  }

  mark(marks: NodeMarks): void {
    this.marks = marks;
    for (const [id, group] of this.nodes) {
      for (const k of ["done", "running", "failed", "next"] as const) group.classList.toggle(k, marks[k].includes(id));
    }
  }
}

function describe(shape: GraphShape): string {
  const conditional = shape.edges.filter((e) => e.conditional).length;
  return `Graph of ${shape.nodes.length} nodes and ${shape.edges.length} edges${conditional ? `, ${conditional} conditional` : ""}`;
}
