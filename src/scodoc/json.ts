/**
 * JSON output as ScoDoc (Python) writes it: values that are floats in ScoDoc keep a decimal point even
 * when integral (`12.0`), scodoc.md D10 — JSON.stringify alone would write `12`. Presenters wrap such
 * values with `float()`; the serializer writes them through a marker that cannot occur in user data
 * (a random per-process tag), so the common case costs one `indexOf`.
 */
import { randomBytes } from 'node:crypto';

const TAG = `\u0001${randomBytes(8).toString('hex')}:`;
const TAG_JSON = JSON.stringify(TAG).slice(1, -1);
const MARK = new RegExp(`"${TAG_JSON.replace(/\\/g, '\\\\')}([^"]*)"`, 'g');

/** A number that ScoDoc stores as a float. */
export class PyFloat {
  constructor(readonly value: number) {}
  toJSON(): string {
    return TAG + formatPyFloat(this.value);
  }
}

/** Wraps a number (null stays null) so it is written as a Python float. */
export function float(v: number | null | undefined): PyFloat | null {
  return v === null || v === undefined ? null : new PyFloat(Number(v));
}

/** Python's repr of a float for the values ScoDoc produces: `12.0`, `0.5`, `NaN`. */
export function formatPyFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  return String(v);
}

export function serializeSco(payload: unknown): string {
  const s = JSON.stringify(payload);
  if (s === undefined) return 'null';
  return s.indexOf(TAG_JSON) < 0 ? s : s.replace(MARK, '$1');
}
