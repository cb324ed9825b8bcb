/**
 * `durable-graphs/langgraph`: LangGraph.js on the Durable Graphs store. `@langchain/langgraph-checkpoint`
 * is a peer dependency (the user's own copy, never bundled).
 */
export { DurableGraphsSaver, type DurableGraphsSaverOptions } from "./durableGraphsSaver";
