// LangGraph's own conformance suite for checkpointers, unmodified and whole (put, putWrites, getTuple,
// list, deleteThread), run against DurableGraphsSaver by vitest (`npm run test:langgraph`).
// The package's `validate-checkpointer` CLI cannot run any initializer in version 1.1.1: its runner
// imports a schema its build left out (`checkpointerTestInitializerSchema` is undefined), so the suite
// is run the other way its README gives, `validate(initializer)` in a vitest file with globals.
import { validate } from "@langchain/langgraph-checkpoint-validation";
import initializer from "./validation.initializer.mts";

validate(initializer);
