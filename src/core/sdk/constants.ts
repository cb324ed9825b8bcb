/** The virtual entry and exit of every graph, named as in LangGraph. */
export const START = "__start__";
export const END = "__end__";
