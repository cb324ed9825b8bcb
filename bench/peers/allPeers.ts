import { appendLogPeers } from "./appendLog";
import { durableGraphsPeers } from "./durableGraphs";
import { LANGGRAPH_PEER_IDS, loadLangGraph } from "./langGraphLoader";
import type { Peer } from "./peer";
import { seedStorePeer } from "./seedStore";

export interface PeerSet {
  /** Every peer this run can measure, ours first. */
  peers: Peer[];
  /** Peers left out (their packages are not installed), and why. */
  skipped: { ids: string[]; reason: string }[];
}

/** Every peer, ours first; LangGraph.js's only when the benchmark's peers are installed. */
export async function allPeers(): Promise<PeerSet> {
  const langGraph = await loadLangGraph();
  return {
    peers: [...durableGraphsPeers(), ...(langGraph.module?.langGraphPeers() ?? []), seedStorePeer(), ...appendLogPeers()],
    skipped: langGraph.missing ? [{ ids: [...LANGGRAPH_PEER_IDS], reason: langGraph.missing }] : [],
  };
}
