/**
 * Decodes the default photo with an independent baseline JPEG reader written from the standard (marker
 * parsing, canonical Huffman tables from DHT, dequantisation, inverse DCT) and compares the pixels.
 */
import { describe, expect, it } from 'vitest';
import { greyJpeg } from './jpeg-grey.js';
import { DEFAULT_PHOTO, imageMime } from './photo-default.js';

function decode(buf: Buffer): { width: number; height: number; pixels: number[] } {
  let pos = 2;
  const q: number[] = [];
  const tables = new Map<number, Map<string, number>>();
  let width = 0;
  let height = 0;
  expect(buf.readUInt16BE(0)).toBe(0xffd8);
  for (;;) {
    const marker = buf.readUInt16BE(pos);
    const len = buf.readUInt16BE(pos + 2);
    const body = buf.subarray(pos + 4, pos + 2 + len);
    pos += 2 + len;
    if (marker === 0xffdb) q.push(...body.subarray(1, 65));
    else if (marker === 0xffc0) {
      height = body.readUInt16BE(1);
      width = body.readUInt16BE(3);
    } else if (marker === 0xffc4) {
      const counts = [...body.subarray(1, 17)];
      const symbols = [...body.subarray(17)];
      const map = new Map<string, number>();
      let code = 0;
      let k = 0;
      for (let l = 1; l <= 16; l++) {
        for (let i = 0; i < counts[l - 1]; i++) map.set((code + i).toString(2).padStart(l, '0'), symbols[k++]);
        code = (code + counts[l - 1]) << 1;
      }
      tables.set(body[0], map);
    } else if (marker === 0xffda) break;
  }
  // Entropy-coded data up to EOI, unstuffed, as a bit string.
  let bits = '';
  for (let i = pos; i < buf.length - 2; i++) {
    bits += buf[i].toString(2).padStart(8, '0');
    if (buf[i] === 0xff) i++;
  }
  let p = 0;
  const read = (n: number) => {
    const v = Number.parseInt(bits.slice(p, p + n) || '0', 2);
    p += n;
    return v;
  };
  const sym = (t: Map<string, number>) => {
    let c = '';
    for (;;) {
      c += bits[p++];
      const s = t.get(c);
      if (s !== undefined) return s;
      if (c.length > 16) throw new Error('bad code');
    }
  };
  const extend = (v: number, s: number) => (s && v < 1 << (s - 1) ? v - (1 << s) + 1 : v);
  const zig = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
    28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54,
    47, 55, 62, 63,
  ];
  const pixels = new Array<number>(width * height).fill(0);
  let dc = 0;
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      const c = new Array<number>(64).fill(0);
      const s = sym(tables.get(0x00)!);
      dc += extend(read(s), s);
      c[0] = dc * q[0];
      for (let k = 1; k < 64; ) {
        const rs = sym(tables.get(0x10)!);
        if (rs === 0) break;
        k += rs >> 4;
        const size = rs & 15;
        if (size) c[zig[k]] = extend(read(size), size) * q[k];
        k++;
      }
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          let sum = 0;
          for (let v = 0; v < 8; v++) {
            for (let u = 0; u < 8; u++) {
              sum +=
                (u ? 1 : Math.SQRT1_2) *
                (v ? 1 : Math.SQRT1_2) *
                c[v * 8 + u] *
                Math.cos(((2 * x + 1) * u * Math.PI) / 16) *
                Math.cos(((2 * y + 1) * v * Math.PI) / 16);
            }
          }
          if (bx + x < width && by + y < height) pixels[(by + y) * width + bx + x] = Math.round(sum / 4 + 128);
        }
      }
    }
  }
  return { width, height, pixels };
}

describe('greyscale JPEG encoder', () => {
  it('encodes a picture that a baseline decoder reads back (within quantisation error)', () => {
    const f = (x: number, y: number) => (x * 7 + y * 3) % 256;
    const img = decode(greyJpeg(21, 13, f));
    expect([img.width, img.height]).toEqual([21, 13]);
    for (let y = 0; y < 13; y++)
      for (let x = 0; x < 21; x++) expect(Math.abs(img.pixels[y * 21 + x] - f(x, y))).toBeLessThan(12);
  });

  it('the default photo is a JPEG of a grey silhouette (scodoc.md D14)', () => {
    expect(DEFAULT_PHOTO.mime).toBe('image/jpeg');
    expect(imageMime(DEFAULT_PHOTO.data)).toBe('image/jpeg');
    const img = decode(DEFAULT_PHOTO.data);
    expect([img.width, img.height]).toEqual([90, 120]);
    expect(Math.abs(img.pixels[0] - 0xe0)).toBeLessThan(6); // background
    expect(Math.abs(img.pixels[42 * 90 + 45] - 0x9e)).toBeLessThan(6); // head
  });
});
