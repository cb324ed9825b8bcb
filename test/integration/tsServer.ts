/**
 * A real TypeScript server (the `tsserver` VS Code runs), started as VS Code starts it for an extension
 * that contributes a TS server plugin: `--globalPlugins <name> --pluginProbeLocations <extension>`.
 * Speaks its protocol (requests as JSON lines in, `Content-Length` framed messages out).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { REPO } from "./cli";

interface Response {
  request_seq: number;
  success: boolean;
  message?: string;
  body?: unknown;
}

export interface Diagnostic {
  text: string;
  code: number;
  start: { line: number; offset: number };
}

/** The compiler options VS Code 1.100 gives a file outside any tsconfig (an inferred project). */
const VSCODE_INFERRED_OPTIONS = {
  module: "Preserve",
  moduleResolution: "Bundler",
  target: "ES2022",
  jsx: "react-jsx",
  allowImportingTsExtensions: true,
  allowJs: true,
  allowSyntheticDefaultImports: true,
  allowNonTsExtensions: true,
  resolveJsonModule: true,
  strictNullChecks: true,
  strictFunctionTypes: true,
};

export class TsServer {
  private readonly child: ChildProcess;
  private seq = 0;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { resolve(r: Response): void; reject(e: Error): void }>();

  /** `plugin`: false starts the server as VS Code would without the extension. */
  constructor({ plugin = true }: { plugin?: boolean } = {}) {
    const args = ["--disableAutomaticTypingAcquisition", "--useInferredProjectPerProjectRoot"];
    if (plugin) args.push("--globalPlugins", "durable-graphs-ts-plugin", "--pluginProbeLocations", REPO);
    this.child = spawn(process.execPath, [require.resolve("typescript/lib/tsserver.js"), ...args], { stdio: ["pipe", "pipe", "inherit"] });
    this.child.stdout!.on("data", (chunk: Buffer) => this.receive(chunk));
    this.child.on("exit", (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`tsserver exited (${code ?? signal})`));
      this.pending.clear();
    });
    void this.request("compilerOptionsForInferredProjects", { options: VSCODE_INFERRED_OPTIONS });
  }

  async open(file: string, projectRootPath: string): Promise<void> {
    await this.request("open", { file, projectRootPath });
  }

  /** Every problem VS Code would list for the file: syntax and semantic diagnostics. */
  async problems(file: string): Promise<Diagnostic[]> {
    const syntactic = (await this.request("syntacticDiagnosticsSync", { file })).body as Diagnostic[];
    const semantic = (await this.request("semanticDiagnosticsSync", { file })).body as Diagnostic[];
    return [...syntactic, ...semantic];
  }

  /** The hover's signature at the first occurrence of `word` after `after` in `text`. */
  async hover(file: string, text: string, word: string, after = ""): Promise<string> {
    const response = await this.request("quickinfo", { file, ...position(text, word, after) });
    return response.success ? (response.body as { displayString: string }).displayString : `(no quick info: ${response.message})`;
  }

  /** The completions' names right after the first `word` following `after` in `text`. */
  async completions(file: string, text: string, word: string, after = ""): Promise<string[]> {
    const at = position(text, word, after);
    const response = await this.request("completionInfo", { file, line: at.line, offset: at.offset + word.length });
    return response.success ? (response.body as { entries: { name: string }[] }).entries.map((e) => e.name) : [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once("exit", () => resolve());
      this.child.stdin!.write(`${JSON.stringify({ seq: ++this.seq, type: "request", command: "exit" })}\n`);
    });
  }

  private request(command: string, args: unknown): Promise<Response> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      // `open` and `compilerOptionsForInferredProjects` answer nothing unless asked to.
      const quiet = command === "open" || command === "compilerOptionsForInferredProjects";
      if (!quiet) this.pending.set(seq, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ seq, type: "request", command, arguments: args })}\n`);
      if (quiet) resolve({ request_seq: seq, success: true });
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const header = this.buffer.indexOf("\r\n\r\n");
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, header).toString())?.[1]);
      if (this.buffer.length < header + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(header + 4, header + 4 + length).toString()) as Response & { type: string };
      this.buffer = this.buffer.subarray(header + 4 + length);
      if (message.type !== "response") continue;
      this.pending.get(message.request_seq)?.resolve(message);
      this.pending.delete(message.request_seq);
    }
  }
}

/** The 1-based line and offset of `word`, searched from `after`'s first occurrence. */
function position(text: string, word: string, after: string): { line: number; offset: number } {
  const from = after ? text.indexOf(after) : 0;
  const index = text.indexOf(word, from);
  if (from < 0 || index < 0) throw new Error(`"${word}" (after "${after}") is not in the file`);
  const before = text.slice(0, index).split("\n");
  return { line: before.length, offset: before[before.length - 1]!.length + 1 };
}
