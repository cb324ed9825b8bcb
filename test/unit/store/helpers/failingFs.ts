import { nodeFs, type StoreFs } from "../../../../src/core/store/file/storeFs";

function errno(code: string, call: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: ${call}`) as NodeJS.ErrnoException;
  error.code = code;
  return error;
}

/**
 * The real file system, until it fails the way a full disk or a read-only mount does. `fullAfter(n)`:
 * the n-th call that writes gets only part of its bytes onto the disk (a short write, as when the last
 * block runs out) or fails outright, and every later one fails with ENOSPC. `readOnly()`: every call that
 * writes fails with EROFS from now on. `heal()` frees the space or remounts read-write.
 */
export class FailingFs implements StoreFs {
  private writes = 0;
  private failAt = Infinity;
  private failure: "ENOSPC" | "EROFS" = "ENOSPC";
  writingCalls = 0;

  fullAfter(n: number): void {
    this.failure = "ENOSPC";
    this.failAt = this.writes + n;
  }

  readOnly(): void {
    this.failure = "EROFS";
    this.failAt = this.writes;
  }

  heal(): void {
    this.failAt = Infinity;
  }

  get failing(): boolean {
    return this.writes > this.failAt;
  }

  /** Counts a writing call: false when it may go ahead, true when it must fail. */
  private write(): boolean {
    this.writes++;
    this.writingCalls++;
    return this.writes >= this.failAt;
  }

  private guard<T>(call: string, run: () => T): T {
    if (this.write()) throw errno(this.failure, call);
    return run();
  }

  openSync(path: string, flags: string): number {
    if (flags === "r" || flags === "r+") return nodeFs.openSync(path, flags);
    return this.guard(`open ${path}`, () => nodeFs.openSync(path, flags));
  }
  closeSync(fd: number): void {
    nodeFs.closeSync(fd);
  }
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number {
    return nodeFs.readSync(fd, buffer, offset, length, position);
  }
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number {
    const failing = this.write();
    if (!failing) return nodeFs.writeSync(fd, buffer, offset, length);
    // The first failing write of a full disk gets part of its bytes through: a torn record.
    if (this.failure === "ENOSPC" && this.writes === this.failAt && length > 1) return nodeFs.writeSync(fd, buffer, offset, Math.floor(length / 2));
    throw errno(this.failure, "write");
  }
  fdatasyncSync(fd: number): void {
    this.guard("fdatasync", () => nodeFs.fdatasyncSync(fd));
  }
  fsyncSync(fd: number): void {
    this.guard("fsync", () => nodeFs.fsyncSync(fd));
  }
  ftruncateSync(fd: number, length: number): void {
    this.guard("ftruncate", () => nodeFs.ftruncateSync(fd, length));
  }
  futimesSync(fd: number, atime: Date, mtime: Date): void {
    nodeFs.futimesSync(fd, atime, mtime);
  }
  statSync(path: string) {
    return nodeFs.statSync(path);
  }
  readdirSync(path: string): string[] {
    return nodeFs.readdirSync(path);
  }
  mkdirSync(path: string, options?: { recursive?: boolean }): void {
    this.guard(`mkdir ${path}`, () => nodeFs.mkdirSync(path, options));
  }
  renameSync(from: string, to: string): void {
    this.guard(`rename ${from}`, () => nodeFs.renameSync(from, to));
  }
  linkSync(from: string, to: string): void {
    this.guard(`link ${to}`, () => nodeFs.linkSync(from, to));
  }
  unlinkSync(path: string): void {
    // Removing frees space; only a read-only mount refuses it.
    if (this.failure === "EROFS" && this.failing) throw errno("EROFS", `unlink ${path}`);
    nodeFs.unlinkSync(path);
  }
  rmSync(path: string, options: { recursive: true; force: true }): void {
    if (this.failure === "EROFS" && this.failing) throw errno("EROFS", `rm ${path}`);
    nodeFs.rmSync(path, options);
  }
  existsSync(path: string): boolean {
    return nodeFs.existsSync(path);
  }
  readFileSync(path: string, encoding: "utf8"): string {
    return nodeFs.readFileSync(path, encoding);
  }
  writeFileSync(path: string, data: string): void {
    this.guard(`write ${path}`, () => nodeFs.writeFileSync(path, data));
  }
}
