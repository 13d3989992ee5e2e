/**
 * In-memory encoding of stored notes: one Float64Array per evaluation, one slot per student index, so the
 * engine never looks notes up by key in its loops. Numbers stay as stored (evaluation scale, malus ≥ −20);
 * ABS becomes −999 as in later ScoDoc versions (scodoc.md §6.1), EXC/ATT/DEM keep their stored codes, and
 * "no stored note" is NaN.
 */
import {
  type EvaluationInput,
  NOTES_ATTENTE,
  NOTES_DEMISSION,
  NOTES_NEUTRALISE,
  type NoteInput,
  type StoredNote,
} from './types.js';

/** ABS in memory (stored NULL), scodoc.md §6.1 [recollection: −999 in later versions]. */
export const CODE_ABS = -999;
/** No stored note. */
export const CODE_MISSING = Number.NaN;
/** Values at or below this are special codes, never grades (malus grades lie in [−20, 20]). */
const SPECIAL_LIMIT = -900;

export function encodeNote(value: StoredNote): number {
  return value === null ? CODE_ABS : value;
}

/** A grade (number on the evaluation scale), as opposed to ABS/EXC/ATT/DEM/missing. */
export function isGrade(code: number): boolean {
  return code > SPECIAL_LIMIT; // false for NaN too
}
export function isAbs(code: number): boolean {
  return code === CODE_ABS;
}
export function isExc(code: number): boolean {
  return code === NOTES_NEUTRALISE;
}
export function isAtt(code: number): boolean {
  return code === NOTES_ATTENTE;
}
export function isDem(code: number): boolean {
  return code === NOTES_DEMISSION;
}
/** Some value is stored (number, ABS, EXC, ATT or DEM). */
export function isStored(code: number): boolean {
  return !Number.isNaN(code);
}

/** Scatters note rows into one column per evaluation (NaN where nothing is stored). */
export function encodeNoteColumns(
  evaluations: readonly EvaluationInput[],
  notes: readonly NoteInput[],
  index: ReadonlyMap<number, number>,
  n: number,
): Map<number, Float64Array> {
  const cols = new Map<number, Float64Array>();
  for (const e of evaluations) cols.set(e.id, new Float64Array(n).fill(CODE_MISSING));
  // etudids of one formsemestre usually lie in a narrow range: a flat lookup table beats a Map per row.
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const etudid of index.keys()) {
    if (etudid < lo) lo = etudid;
    if (etudid > hi) hi = etudid;
  }
  const span = hi - lo + 1;
  const table =
    n > 0 && Number.isSafeInteger(lo) && span <= Math.max(65536, 16 * n) ? new Int32Array(span).fill(-1) : null;
  if (table !== null) for (const [etudid, i] of index) if (Number.isInteger(etudid)) table[etudid - lo] = i;
  let lastEval = Number.NaN;
  let col: Float64Array | undefined;
  for (const row of notes) {
    if (row.evaluation_id !== lastEval) {
      lastEval = row.evaluation_id;
      col = cols.get(lastEval);
    }
    if (col === undefined) continue; // note of an evaluation of another semester
    const e = row.etudid;
    const i = table !== null ? (Number.isInteger(e) && e >= lo && e <= hi ? table[e - lo] : -1) : (index.get(e) ?? -1);
    if (i < 0) continue; // not inscribed (any more)
    col[i] = encodeNote(row.value);
  }
  return cols;
}
