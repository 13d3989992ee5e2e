/**
 * The image served when a student has no photo (scodoc.md D14: a bundled default JPEG, never JSON): a
 * grey silhouette, 90×120, drawn once at startup (no image library needed). PNG writing is kept for
 * tests and logos.
 */
import { deflateSync } from 'node:zlib';
import { greyJpeg } from './jpeg-grey.js';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** Grey (8-bit greyscale) PNG of width × height from a pixel function. */
export function greyPng(width: number, height: number, pixel: (x: number, y: number) => number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = pixel(x, y);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const DEFAULT_PHOTO: { readonly mime: string; readonly data: Buffer } = {
  mime: 'image/jpeg',
  data: greyJpeg(90, 120, (x, y) => {
    const head = (x - 45) ** 2 + (y - 42) ** 2 <= 20 ** 2;
    const body = y > 78 && ((x - 45) / 38) ** 2 + ((y - 122) / 42) ** 2 <= 1;
    return head || body ? 0x9e : 0xe0;
  }),
};

/** Detects PNG / JPEG by magic bytes (uploads and logos are stored with their real type). */
export function imageMime(data: Buffer): 'image/png' | 'image/jpeg' | null {
  if (data.length > 8 && data[0] === 0x89 && data.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}
