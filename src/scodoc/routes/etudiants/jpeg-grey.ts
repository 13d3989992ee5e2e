/**
 * A minimal baseline JPEG encoder for greyscale pictures (the default photo of scodoc.md D14 is a
 * JPEG). Standard-conforming (JFIF, one component, one quantisation table); its Huffman tables are
 * simple fixed-length canonical codes (every symbol 4 bits for DC, 8 bits for AC), which the format
 * allows and every decoder reads.
 */

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
];

/** AC symbols: EOB, ZRL and every (run, size) with size 1..10. */
const AC_SYMBOLS = [0x00, 0xf0];
for (let run = 0; run < 16; run++) for (let size = 1; size <= 10; size++) AC_SYMBOLS.push((run << 4) | size);
const AC_CODE = new Map(AC_SYMBOLS.map((s, i) => [s, i] as const));

class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, bits: number) {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) {
        this.bytes.push(this.acc);
        if (this.acc === 0xff) this.bytes.push(0); // byte stuffing
        this.acc = 0;
        this.n = 0;
      }
    }
  }
  flush() {
    while (this.n !== 0) this.write(1, 1);
  }
}

function magnitude(v: number): [number, number] {
  const a = Math.abs(v);
  let size = 0;
  while (a >> size) size++;
  return [size, v >= 0 ? v : v + (1 << size) - 1];
}

export function greyJpeg(width: number, height: number, pixel: (x: number, y: number) => number, q = 4): Buffer {
  const out: number[] = [];
  const seg = (marker: number, body: number[]) =>
    out.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  out.push(0xff, 0xd8);
  seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  seg(0xdb, [0, ...Array.from({ length: 64 }, () => q)]);
  seg(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  const dcBits = Array(16).fill(0);
  dcBits[3] = 12;
  seg(0xc4, [0x00, ...dcBits, ...Array.from({ length: 12 }, (_, i) => i)]);
  const acBits = Array(16).fill(0);
  acBits[7] = AC_SYMBOLS.length;
  seg(0xc4, [0x10, ...acBits, ...AC_SYMBOLS]);
  seg(0xda, [1, 1, 0x00, 0, 63, 0]);

  const cos = Array.from({ length: 64 }, (_, i) => Math.cos(((2 * (i >> 3) + 1) * (i & 7) * Math.PI) / 16));
  const bw = new BitWriter();
  let prevDc = 0;
  const block = new Float64Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++)
          block[y * 8 + x] = pixel(Math.min(bx + x, width - 1), Math.min(by + y, height - 1)) - 128;
      }
      const coef = new Array<number>(64);
      for (let v = 0; v < 8; v++) {
        for (let u = 0; u < 8; u++) {
          let sum = 0;
          for (let y = 0; y < 8; y++)
            for (let x = 0; x < 8; x++) sum += block[y * 8 + x] * cos[x * 8 + u] * cos[y * 8 + v];
          const cu = u === 0 ? Math.SQRT1_2 : 1;
          const cv = v === 0 ? Math.SQRT1_2 : 1;
          coef[v * 8 + u] = Math.round((0.25 * cu * cv * sum) / q);
        }
      }
      const zz = ZIGZAG.map((i) => coef[i]);
      const [dcSize, dcBitsVal] = magnitude(zz[0] - prevDc);
      prevDc = zz[0];
      bw.write(dcSize, 4);
      if (dcSize) bw.write(dcBitsVal, dcSize);
      let run = 0;
      for (let k = 1; k < 64; k++) {
        if (zz[k] === 0) {
          run++;
          continue;
        }
        while (run > 15) {
          bw.write(AC_CODE.get(0xf0)!, 8);
          run -= 16;
        }
        const [size, bits] = magnitude(zz[k]);
        bw.write(AC_CODE.get((run << 4) | size)!, 8);
        bw.write(bits, size);
        run = 0;
      }
      if (run > 0) bw.write(AC_CODE.get(0x00)!, 8);
    }
  }
  bw.flush();
  out.push(...bw.bytes, 0xff, 0xd9);
  return Buffer.from(out);
}
