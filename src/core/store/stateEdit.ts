import { DurableError } from "../errors";
import { diffState } from "../state/stateChanges";
import type { StateValues } from "../sdk/types";
import type { StateEdit, StateEditCommit } from "./checkpointStore";

/**
 * What a person's edit of a checkpoint's state commits: only the keys whose values differ (a list
 * that only grew records its new items, as a node's step would). An edit that changes nothing is
 * refused (EDIT_EMPTY): it would make a fork indistinguishable from a plain one, under an edit's name.
 */
export function editCommit(before: StateValues, edit: StateEdit): StateEditCommit {
  const keys = new Set([...Object.keys(before), ...Object.keys(edit.state)]);
  const changes = diffState(before, edit.state, keys);
  if (changes.length === 0) throw new DurableError("EDIT_EMPTY", "the edited state is the same as the checkpoint's", {});
  return { ...edit, changes, keys: changes.map((c) => c.key).sort() };
}
