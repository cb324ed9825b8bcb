// Reads a .vsix (a zip) without an unzip tool: its central directory lists each file with its CRC-32,
// and a file's bytes are stored or deflated after its local header.
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";

/** @returns {Map<string, {crc: number, size: number, read: () => Buffer}>} */
export function zipEntries(path) {
  const zip = readFileSync(path);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${path} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const read = () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    };
    entries.set(name, { crc, size, read });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The kind of executable in `bytes` and the machine it runs on, from its header:
 * ELF (Linux), Mach-O (macOS) or PE (Windows); x64 or arm64.
 */
export function executableKind(bytes) {
  if (bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes.readUInt16LE(18);
    return { format: "elf", arch: machine === 0x3e ? "x64" : machine === 0xb7 ? "arm64" : `machine 0x${machine.toString(16)}` };
  }
  if (bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = bytes.readUInt32LE(4);
    return { format: "mach-o", arch: cpu === 0x01000007 ? "x64" : cpu === 0x0100000c ? "arm64" : `cpu 0x${cpu.toString(16)}` };
  }
  if (bytes.toString("latin1", 0, 2) === "MZ") {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.readUInt32BE(pe) !== 0x50450000) return { format: "unknown", arch: "unknown" };
    const machine = bytes.readUInt16LE(pe + 4);
    return { format: "pe", arch: machine === 0x8664 ? "x64" : machine === 0xaa64 ? "arm64" : `machine 0x${machine.toString(16)}` };
  }
  return { format: "unknown", arch: "unknown" };
}
