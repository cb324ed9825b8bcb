import type { CheckpointDiff, Comparison, OriginComparison } from "../../src/core/protocol/panelMessages";
import { button, el } from "./dom";

const OUTCOME_TEXT = { same: "same output", differs: "output differs", "only-origin": "only in the origin", "only-fork": "only in this fork" } as const;

/**
 * The comparison the user asked for, above the cells: a diff of two checkpoints (keys added, removed,
 * changed, with old and new values), or a fork beside its origin step by step (which nodes' outputs
 * differ). Closing it hides it; a new comparison replaces it.
 */
export function renderComparison(target: HTMLElement, comparison: Comparison | undefined, error: string | undefined): void {
  const close = button("Close", () => (target.hidden = true), { class: "secondary", title: "Hide the comparison" });
  const body = error !== undefined ? el("p", { class: "comparison-error", text: error, attrs: { role: "alert" } }) : comparison?.kind === "checkpoints" ? checkpointDiff(comparison) : comparison ? originComparison(comparison) : undefined;
  const title = comparison?.kind === "checkpoints" ? `Diff of step ${comparison.from} → step ${comparison.to}` : comparison ? `Compared with ${comparison.origin} after step ${comparison.forkPoint}` : "Comparison";
  target.replaceChildren(el("div", { class: "comparison-head" }, [el("h2", { text: title }), el("span", { class: "spacer" }), close]), body ?? el("p", {}));
  target.hidden = false;
}

function checkpointDiff(diff: CheckpointDiff): HTMLElement {
  if (diff.keys.length === 0) return el("p", { class: "comparison-empty", text: "The two states are the same." });
  return el(
    "table",
    { class: "comparison-table diff-table" },
    [
      el("thead", {}, [el("tr", {}, [el("th", { text: "key" }), el("th", { text: "change" }), el("th", { text: `step ${diff.from}` }), el("th", { text: `step ${diff.to}` })])]),
      el(
        "tbody",
        {},
        diff.keys.map((k) =>
          el("tr", { class: `change-${k.change}`, attrs: { "data-key": k.key } }, [
            el("td", { class: "key", text: k.key }),
            el("td", { class: "change", text: k.change }),
            el("td", {}, [el("pre", { class: "value before", text: k.before ?? "—" })]),
            el("td", {}, [el("pre", { class: "value after", text: k.after ?? "—" })]),
          ]),
        ),
      ),
    ],
  );
}

function originComparison(c: OriginComparison): HTMLElement {
  const rows = c.steps.map((s) =>
    el("tr", {}, [
      el("td", { text: s.originStep === undefined ? "—" : `step ${s.originStep}` }),
      el("td", { text: s.forkStep === undefined ? "—" : `step ${s.forkStep}` }),
      el(
        "td",
        { class: "outcomes" },
        s.nodes.map((n) =>
          el("span", { class: `outcome outcome-${n.outcome}`, attrs: { "data-node": n.node, title: n.keys.length ? `keys: ${n.keys.join(", ")}` : "" } }, [
            el("strong", { text: n.node }),
            el("span", { text: ` ${OUTCOME_TEXT[n.outcome]}${n.outcome === "differs" && n.keys.length ? ` (${n.keys.join(", ")})` : ""}` }),
          ]),
        ),
      ),
    ]),
  );
  const differing = c.steps.reduce((n, s) => n + s.nodes.filter((x) => x.outcome !== "same").length, 0);
  return el("div", {}, [
    c.edit && el("p", { class: "comparison-edit", text: `Step ${c.edit.step} of this fork is ${c.edit.by}'s edit of ${c.edit.keys.join(", ")}.` }),
    el("p", { class: "comparison-summary", text: c.steps.length === 0 ? "Neither thread has run a step after the fork point yet." : differing === 0 ? "Every node's output is the same as in the origin." : `${differing} node output${differing === 1 ? " differs" : "s differ"} from the origin's.` }),
    c.steps.length > 0 &&
      el("table", { class: "comparison-table origin-table" }, [
        el("thead", {}, [el("tr", {}, [el("th", { text: c.origin }), el("th", { text: "this fork" }), el("th", { text: "nodes" })])]),
        el("tbody", {}, rows),
      ]),
    c.cut && el("p", { class: "comparison-empty", text: "Only the first steps are shown." }),
  ]);
}
