/**
 * The graph SDK, imported by graph files as `durable-graphs`. Its vocabulary follows LangGraph's.
 */
export { z } from "zod";
export { START, END } from "./constants";
export { StateGraph } from "./stateGraph";
export { appendReducer } from "./reducers";
export type { StateGraphOptions } from "./stateGraph";
export type { CompiledGraph, GraphShape } from "./compiledGraph";
export type {
  InterruptOptions,
  NodeContext,
  NodeFunction,
  NodeLogger,
  NodeOptions,
  Reducer,
  RetryPolicy,
  Router,
  RouterResult,
  StateValues,
  TaskInfo,
} from "./types";
