/**
 * In-memory encoding of stored notes: one Float64Array per evaluation, one slot per student index, so the
 * engine never looks notes up by key in its loops. Numbers stay as stored (evaluation scale, malus ≥ −20);
 * ABS becomes −999 as in later ScoDoc versions (scodoc.md §6.1), EXC/ATT/DEM keep their stored codes, and
 * "no stored note" is NaN.
 */

import type { StudentIndex } from './student-index.js';
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
  index: StudentIndex,
  n: number,
): Map<number, Float64Array> {
  const cols = new Map<number, Float64Array>();
  for (const e of evaluations) cols.set(e.id, new Float64Array(n).fill(CODE_MISSING));
  let lastEval = Number.NaN;
  let col: Float64Array | undefined;
  for (const row of notes) {
    // rows usually come grouped by evaluation: one Map lookup per evaluation, not per row
    if (row.evaluation_id !== lastEval) {
      lastEval = row.evaluation_id;
      col = cols.get(lastEval);
    }
    if (col === undefined) continue; // note of an evaluation of another semester
    const i = index.of(row.etudid);
    if (i >= 0) col[i] = encodeNote(row.value); // else: not inscribed (any more)
  }
  return cols;
}
