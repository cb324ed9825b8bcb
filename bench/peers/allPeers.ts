import { appendLogPeers } from "./appendLog";
import { durableGraphsPeers } from "./durableGraphs";
import { langGraphPeers } from "./langGraph";
import type { Peer } from "./peer";
import { seedStorePeer } from "./seedStore";

/** Every peer, ours first. */
export function allPeers(): Peer[] {
  return [...durableGraphsPeers(), ...langGraphPeers(), seedStorePeer(), ...appendLogPeers()];
}
