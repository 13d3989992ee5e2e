/**
 * Serialisation of `FormsemestreResults` to bytes and back, exact to the bit (NaN kept), for a results cache
 * stored outside the process (issue 5: results cached per formsemestre, shared by every instance; store the
 * bytes as a BLOB / bytea next to the formsemestre's results version).
 *
 * Layout: "SCG1", u32 length of a JSON skeleton, the skeleton, padding to 8, then every typed array's bytes
 * (each aligned to 8; hosts are little-endian: x86-64, arm64). The skeleton refers to arrays by offset;
 * Maps are entry lists, NaN a tag; formatted ranks are not stored (rebuilt from rank and tie flags).
 */
import { fmtRank } from './format-note.js';
import type { FormsemestreResults } from './types.js';

const MAGIC = 'SCG1';
const HEADER = 8;

type ArrayKind = 'f64' | 'i32' | 'u8';
interface ArrayRef {
  $a: ArrayKind;
  o: number;
  n: number;
}

const align8 = (x: number) => (x + 7) & ~7;

/** The results as bytes (about 0.5 MB for 300 students, 25 modules, 6 UEs). */
export function encodeResults(res: FormsemestreResults): Buffer {
  const arrays: ArrayBufferView[] = [];
  const offsets: number[] = [];
  let blobLength = 0;
  const json = JSON.stringify(res, function (this: Record<string, unknown>, key: string, value: unknown) {
    if (typeof value === 'number') return Number.isNaN(value) ? { $nan: 1 } : value;
    // formatted ranks: derived data, rebuilt on decode
    if (key === 'value' && Array.isArray(value) && this.rank instanceof Int32Array) return undefined;
    const kind: ArrayKind | null =
      value instanceof Float64Array
        ? 'f64'
        : value instanceof Int32Array
          ? 'i32'
          : value instanceof Uint8Array
            ? 'u8'
            : null;
    if (kind !== null) {
      const a = value as Float64Array | Int32Array | Uint8Array;
      const ref: ArrayRef = { $a: kind, o: blobLength, n: a.length };
      arrays.push(a);
      offsets.push(blobLength);
      blobLength = align8(blobLength + a.byteLength);
      return ref;
    }
    if (value instanceof Map) return { $map: [...value.entries()] };
    return value;
  });
  const jsonBytes = Buffer.from(json, 'utf8');
  const blobStart = align8(HEADER + jsonBytes.length);
  const out = Buffer.alloc(blobStart + blobLength);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(jsonBytes.length, 4);
  jsonBytes.copy(out, HEADER);
  arrays.forEach((a, k) => {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), blobStart + offsets[k]);
  });
  return out;
}

/** Inverse of `encodeResults`; throws on bytes of another format. */
export function decodeResults(bytes: Uint8Array): FormsemestreResults {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER || buf.toString('latin1', 0, 4) !== MAGIC) throw new RangeError('not grade results (SCG1)');
  const jsonLength = buf.readUInt32LE(4);
  const blobStart = align8(HEADER + jsonLength);
  // one aligned copy of the array bytes; every typed array is a view on it
  const blob = new ArrayBuffer(buf.length - blobStart);
  new Uint8Array(blob).set(buf.subarray(blobStart));
  return JSON.parse(buf.toString('utf8', HEADER, HEADER + jsonLength), (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const o = value as Record<string, unknown>;
    if ('$nan' in o) return Number.NaN;
    if (typeof o.$a === 'string') {
      const r = o as unknown as ArrayRef;
      return r.$a === 'f64'
        ? new Float64Array(blob, r.o, r.n)
        : r.$a === 'i32'
          ? new Int32Array(blob, r.o, r.n)
          : new Uint8Array(blob, r.o, r.n);
    }
    if (Array.isArray(o.$map)) return new Map(o.$map as [unknown, unknown][]);
    if (o.rank instanceof Int32Array && o.tied instanceof Uint8Array && !('value' in o)) {
      const rank = o.rank;
      const tied = o.tied;
      o.value = Array.from(rank, (r, i) => fmtRank(r, tied[i] === 1));
    }
    return value;
  }) as FormsemestreResults;
}
