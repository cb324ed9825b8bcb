#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI itself is bundled into dist/ by `npm install` (prepare) or `npm run build`.
const path = require("node:path");
const fs = require("node:fs");
const cli = path.join(__dirname, "..", "dist", "cli.js");
if (!fs.existsSync(cli)) {
  console.error("durable-graphs: the CLI is not built yet (dist/cli.js is missing). Run `npm install` or `npm run build` in " + path.dirname(__dirname) + ".");
  process.exit(2);
}
require(cli);
