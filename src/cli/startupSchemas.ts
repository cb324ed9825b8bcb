import { buildParsersWithoutJit } from "../runner/startupParsing";

// `run` and `resume` parse the store's schemas a few times only (see startupParsing.ts). Imported first
// by main.ts, so this runs before any other module builds a schema.
const command = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
if (command === "run" || command === "resume") buildParsersWithoutJit();
