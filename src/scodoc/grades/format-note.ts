/**
 * Every textual form of a grade ScoDoc writes, in one place: `fmt_note` ("08.39", "~", "ABS", "EXC", "ATT"),
 * ranks ("3 ex"), and Python's repr of floats for raw values (scodoc.md D10, D30).
 */
import { NOTES_ATTENTE, NOTES_DEMISSION, NOTES_NEUTRALISE, type Stats } from './types.js';

/**
 * Python's `round(x, 2)` then `"%.2f"`: half-to-even on the exact binary value (scodoc.md §6.11, D30).
 * Exact ties at the second decimal exist only when 8·x is an odd integer (…​.125, .375, .625, .875);
 * for every other double `toFixed(2)` already picks the nearest, so the digits agree.
 */
export function toFixed2(x: number): string {
  if (Object.is(x, -0)) return '-0.00'; // Python prints the sign of -0.0
  const x8 = x * 8;
  if (Number.isInteger(x8) && Math.abs(x8 % 2) === 1) {
    const h = x * 100; // = f + 0.5 exactly
    const f = Math.floor(h);
    const even = Math.abs(f % 2) === 0 ? f : f + 1;
    return (even / 100).toFixed(2);
  }
  return x.toFixed(2);
}

/** Python's `str.zfill(width)`: zeros after a leading sign. */
function zfill(s: string, width: number): string {
  if (s.length >= width) return s;
  const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
  return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
}

/**
 * ScoDoc's `fmt_note` (scodoc.md §6.11): `null` → "ABS", −1000 → "EXC", −1002 → "ATT", NaN → "~";
 * a number is scaled to /20 when `noteMax` is given, rounded to 2 decimals and zero-padded to 5 characters
 * (`8.3912` → "08.39"); a string has "NA" replaced by "-". −1003 → "DEM" (scodoc.md §5.7: the notes route
 * shows démissionnaires as "DEM").
 */
export function fmtNote(value: number | null | string, noteMax?: number | null): string {
  if (value === null) return 'ABS';
  if (typeof value === 'string') return value.replace(/NA/g, '-');
  if (value === NOTES_NEUTRALISE) return 'EXC';
  if (value === NOTES_ATTENTE) return 'ATT';
  if (value === NOTES_DEMISSION) return 'DEM';
  if (Number.isNaN(value)) return '~';
  // Same operation order as ScoDoc (`val * 20.0 / note_max`), so the double is the same.
  const v = noteMax !== undefined && noteMax !== null && noteMax > 0 ? (value * 20.0) / noteMax : value;
  return zfill(toFixed2(v), 5);
}

/** Formatted rank (scodoc.md §6.9): `"3"`, `"3 ex"` for a shared rank, `""` when not ranked (D29). */
export function fmtRank(rank: number, tied: boolean): string {
  if (rank <= 0) return '';
  return tied ? `${rank} ex` : String(rank);
}

/** `{value?, min, max, moy}` strings of a bulletin block (scodoc.md §5.9). */
export function fmtStats(stats: Stats): { min: string; max: string; moy: string } {
  return { min: fmtNote(stats.min), max: fmtNote(stats.max), moy: fmtNote(stats.moy) };
}

/**
 * Python's `repr(float)` as `json.dumps` writes it (scodoc.md D10): `12.0`, `0.5`, `1e-05`, `1e+16`, `NaN`,
 * `Infinity`. Shortest round-trip digits (the same in both languages); exponent form when the decimal
 * exponent is < −4 or ≥ 16, as CPython's `float_repr_style = 'short'`.
 */
export function reprPyFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = v.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}
