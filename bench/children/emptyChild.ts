/** The floor: a node process that does nothing but say it started. */
import { DONE, markFirstNode } from "./marker";

markFirstNode();
process.stdout.write(`${DONE} {}\n`);
