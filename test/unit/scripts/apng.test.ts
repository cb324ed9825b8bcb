import assert from "node:assert/strict";
import { crc32, deflateSync } from "node:zlib";
// @ts-expect-error: a build script in plain JavaScript (no declarations)
import { assembleApng, pngChunks } from "../../../scripts/marketplace/apng.mjs";

type Chunk = { type: string; data: Buffer };

/** A width×1 RGB PNG of one colour. */
function png(width: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), ...Array.from({ length: width }, () => Buffer.from(rgb))]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(row)), chunk("IEND", Buffer.alloc(0))]);
}

describe("the Marketplace animation (APNG) assembled from screenshots", () => {
  it("shows every frame in turn for its time, looping, with numbered control chunks and valid checksums", () => {
    const apng: Buffer = assembleApng([
      { png: png(2, [255, 0, 0]), delayMs: 3000 },
      { png: png(2, [0, 255, 0]), delayMs: 3000 },
      { png: png(2, [0, 0, 255]), delayMs: 5000 },
    ]);
    const chunks: Chunk[] = pngChunks(apng);
    assert.deepEqual(chunks.map((c) => c.type), ["IHDR", "acTL", "fcTL", "IDAT", "fcTL", "fdAT", "fcTL", "fdAT", "IEND"]);
    const actl = chunks[1]!.data;
    assert.deepEqual([actl.readUInt32BE(0), actl.readUInt32BE(4)], [3, 0], "3 frames, played forever");
    const sequence = chunks.filter((c) => c.type === "fcTL" || c.type === "fdAT").map((c) => c.data.readUInt32BE(0));
    assert.deepEqual(sequence, [0, 1, 2, 3, 4], "sequence numbers run across fcTL and fdAT without a gap");
    const delays = chunks.filter((c) => c.type === "fcTL").map((c) => c.data.readUInt16BE(20) / c.data.readUInt16BE(22));
    assert.deepEqual(delays, [3, 3, 5]);
    // Each chunk's CRC covers its type and data.
    let at = 8;
    for (const c of chunks) {
      const stored = apng.readUInt32BE(at + 8 + c.data.length);
      assert.equal(stored, crc32(Buffer.concat([Buffer.from(c.type, "latin1"), c.data])) >>> 0, c.type);
      at += 12 + c.data.length;
    }
  });

  it("refuses frames of another size (an animation cannot change its canvas)", () => {
    assert.throws(() => assembleApng([{ png: png(2, [0, 0, 0]), delayMs: 1 }, { png: png(3, [0, 0, 0]), delayMs: 1 }]), /frame 2 differs/);
  });
});
