// Assembles an animated PNG (APNG) from PNG frames of one size and pixel format, such as screenshots of
// one browser page: each frame's compressed image data is carried over as it is (no re-encoding), with
// the control chunks of the APNG extension around it. Browsers, GitHub and the Marketplace play it; a
// viewer without APNG support shows the first frame.
import { crc32 } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chunks of a PNG file: `{ type, data }`, in order. */
export function pngChunks(png) {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG file");
  const chunks = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * An APNG showing `frames` (PNG buffers) in turn, each for its `delayMs`, looping forever.
 * @param {{png: Buffer, delayMs: number}[]} frames
 */
export function assembleApng(frames) {
  if (frames.length === 0) throw new Error("no frames");
  const parsed = frames.map((f) => pngChunks(f.png));
  const ihdr = parsed[0].find((c) => c.type === "IHDR").data;
  for (const [i, chunks] of parsed.entries()) {
    if (!chunks.find((c) => c.type === "IHDR").data.equals(ihdr)) throw new Error(`frame ${i + 1} differs from the first in size or pixel format`);
  }
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const out = [SIGNATURE, chunk("IHDR", ihdr)];
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(frames.length, 0); // frames; plays: 0 = forever
  out.push(chunk("acTL", actl));
  let sequence = 0;
  for (const [i, chunks] of parsed.entries()) {
    const fctl = Buffer.alloc(26);
    fctl.writeUInt32BE(sequence++, 0);
    fctl.writeUInt32BE(width, 4);
    fctl.writeUInt32BE(height, 8);
    fctl.writeUInt16BE(frames[i].delayMs, 20); // delay: delayMs / 1000 s
    fctl.writeUInt16BE(1000, 22);
    out.push(chunk("fcTL", fctl)); // offsets 0, dispose none, blend source (whole frames)
    for (const { data } of chunks.filter((c) => c.type === "IDAT")) {
      if (i === 0) out.push(chunk("IDAT", data));
      else {
        const seq = Buffer.alloc(4);
        seq.writeUInt32BE(sequence++, 0);
        out.push(chunk("fdAT", Buffer.concat([seq, data])));
      }
    }
  }
  out.push(chunk("IEND", Buffer.alloc(0)));
  return Buffer.concat(out);
}
