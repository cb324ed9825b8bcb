import { DurableError, type ErrorCode } from "../../errors";
import type { StoreFs } from "./storeFs";

/**
 * Failures of the disk under the store (full, read-only, no permission, I/O error) become the store's
 * own errors, naming the file and the cause, so nobody mistakes them for bad input or a broken graph.
 * ENOENT, EEXIST and the like stay as they are: the store's logic handles them.
 */
const CAUSES: Record<string, { code: ErrorCode; cause: string }> = {
  ENOSPC: { code: "STORE_NO_SPACE", cause: "no space left on device" },
  EDQUOT: { code: "STORE_NO_SPACE", cause: "disk quota exceeded" },
  EFBIG: { code: "STORE_NO_SPACE", cause: "file too large for the file system or the process's file size limit" },
  EROFS: { code: "STORE_READ_ONLY", cause: "read-only file system" },
  EACCES: { code: "STORE_READ_ONLY", cause: "permission denied" },
  EPERM: { code: "STORE_READ_ONLY", cause: "operation not permitted" },
  EIO: { code: "STORE_IO", cause: "I/O error" },
  EMFILE: { code: "STORE_IO", cause: "too many open files" },
  ENFILE: { code: "STORE_IO", cause: "too many open files in the system" },
  ENOMEM: { code: "STORE_IO", cause: "out of kernel memory" },
  EBADF: { code: "STORE_IO", cause: "bad file descriptor" },
  ESTALE: { code: "STORE_IO", cause: "stale file handle (network file system)" },
};

/** The store's error for a failed file-system call, or the error itself when it is not the disk's fault. */
export function storeFailure(error: unknown, action: string, path: string): unknown {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = errno ? CAUSES[errno] : undefined;
  if (!known) return error;
  return new DurableError(known.code, `${known.cause} ${action} ${path}`, { path, errno, action }, { cause: error });
}

/** Wraps a file system so that every failing call throws the store's error, named by path. */
export function guardedFs(fs: StoreFs): StoreFs {
  const paths = new Map<number, string>();
  const pathOf = (fd: number) => paths.get(fd) ?? `file descriptor ${fd}`;
  const guard =
    <A extends unknown[], R>(action: string, where: (...args: A) => string, call: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return call(...args);
      } catch (error) {
        throw storeFailure(error, action, where(...args));
      }
    };
  return {
    openSync: guard("opening", (path) => path, (path: string, flags: string) => {
      const fd = fs.openSync(path, flags);
      paths.set(fd, path);
      return fd;
    }),
    closeSync: (fd) => {
      paths.delete(fd);
      fs.closeSync(fd);
    },
    readSync: guard("reading", (fd) => pathOf(fd), (fd: number, buffer: Buffer, offset: number, length: number, position: number) => fs.readSync(fd, buffer, offset, length, position)),
    writeSync: guard("writing", (fd) => pathOf(fd), (fd: number, buffer: Buffer, offset: number, length: number) => fs.writeSync(fd, buffer, offset, length)),
    fdatasyncSync: guard("syncing", (fd) => pathOf(fd), (fd: number) => fs.fdatasyncSync(fd)),
    fsyncSync: guard("syncing", (fd) => pathOf(fd), (fd: number) => fs.fsyncSync(fd)),
    ftruncateSync: guard("truncating", (fd) => pathOf(fd), (fd: number, length: number) => fs.ftruncateSync(fd, length)),
    futimesSync: guard("touching", (fd) => pathOf(fd), (fd: number, atime: Date, mtime: Date) => fs.futimesSync(fd, atime, mtime)),
    statSync: guard("reading", (path) => path, (path: string) => fs.statSync(path)),
    readdirSync: guard("listing", (path) => path, (path: string) => fs.readdirSync(path)),
    mkdirSync: guard("creating", (path) => path, (path: string, options?: { recursive?: boolean }) => fs.mkdirSync(path, options)),
    renameSync: guard("renaming", (from, to) => `${from} to ${to}`, (from: string, to: string) => {
      fs.renameSync(from, to);
      // Files open inside a renamed directory (a new thread moved into place) are named by their new path.
      for (const [fd, path] of paths) if (path.startsWith(`${from}/`)) paths.set(fd, `${to}${path.slice(from.length)}`);
    }),
    linkSync: guard("creating", (_from, to) => to, (from: string, to: string) => fs.linkSync(from, to)),
    unlinkSync: guard("removing", (path) => path, (path: string) => fs.unlinkSync(path)),
    rmSync: guard("removing", (path) => path, (path: string, options: { recursive: true; force: true }) => fs.rmSync(path, options)),
    existsSync: (path) => fs.existsSync(path),
    readFileSync: guard("reading", (path) => path, (path: string, encoding: "utf8") => fs.readFileSync(path, encoding)),
    writeFileSync: guard("writing", (path) => path, (path: string, data: string) => fs.writeFileSync(path, data)),
  };
}
