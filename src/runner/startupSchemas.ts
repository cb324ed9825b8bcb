import { buildParsersWithoutJit } from "./startupParsing";

// The runner runs one graph: it parses the store's schemas and its request a few times only (see
// startupParsing.ts). Imported first by main.ts, so this runs before any other module builds a schema.
buildParsersWithoutJit();
