import * as fs from "node:fs";

/**
 * The file-system calls the file store makes, and nothing else: the store's boundary with the disk.
 * The store takes one as an option, so tests can record which writes were synced (and simulate a power
 * loss) or fail a call with "no space left" at a chosen point. Every call is synchronous: a commit is on
 * its way to disk before the run goes on.
 */
export interface StoreFs {
  openSync(path: string, flags: string): number;
  closeSync(fd: number): void;
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number;
  /** Appends or writes at the file position (files are opened for append). */
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  fdatasyncSync(fd: number): void;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  futimesSync(fd: number, atime: Date, mtime: Date): void;
  statSync(path: string): { size: number; mtimeMs: number; isDirectory(): boolean };
  readdirSync(path: string): string[];
  mkdirSync(path: string, options?: { recursive?: boolean }): void;
  renameSync(from: string, to: string): void;
  /** Creates `to` as another name of `from`; fails with EEXIST if `to` exists (an atomic exclusive create). */
  linkSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  rmSync(path: string, options: { recursive: true; force: true }): void;
  existsSync(path: string): boolean;
  readFileSync(path: string, encoding: "utf8"): string;
  writeFileSync(path: string, data: string): void;
}

/** The real file system. */
export const nodeFs: StoreFs = {
  openSync: (path, flags) => fs.openSync(path, flags),
  closeSync: (fd) => fs.closeSync(fd),
  readSync: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fdatasyncSync: (fd) => fs.fdatasyncSync(fd),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  futimesSync: (fd, atime, mtime) => fs.futimesSync(fd, atime, mtime),
  statSync: (path) => fs.statSync(path),
  readdirSync: (path) => fs.readdirSync(path),
  mkdirSync: (path, options) => void fs.mkdirSync(path, options),
  renameSync: (from, to) => fs.renameSync(from, to),
  linkSync: (from, to) => fs.linkSync(from, to),
  unlinkSync: (path) => fs.unlinkSync(path),
  rmSync: (path, options) => fs.rmSync(path, options),
  existsSync: (path) => fs.existsSync(path),
  readFileSync: (path, encoding) => fs.readFileSync(path, encoding),
  writeFileSync: (path, data) => fs.writeFileSync(path, data),
};

/**
 * Makes a directory's entries durable: a file created, renamed or removed in it survives a power loss
 * only once the directory itself is synced (as SQLite does after creating its journal).
 */
export function syncDirectory(fs: StoreFs, dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes the whole buffer (a short write must not leave half a record). */
export function writeAll(fs: StoreFs, fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written);
}

/** Writes a small file whole under a temporary name, then renames it into place (readers see one version). */
export function replaceFile(fs: StoreFs, path: string, text: string, tempSuffix: string): void {
  const temp = `${path}.${tempSuffix}.tmp`;
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, path);
  } catch (error) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // nothing to clean
    }
    throw error;
  }
}
