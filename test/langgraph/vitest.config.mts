import { defineConfig } from "vitest/config";

// The conformance suite calls describe/it/expect as globals (it is written for Jest-like runners).
export default defineConfig({
  test: {
    globals: true,
    include: ["test/langgraph/**/*.test.mts"],
    root: new URL("../..", import.meta.url).pathname,
  },
});
