/**
 * Module averages (scodoc.md §6.3, §6.4): the coefficient-weighted mean of the counted evaluations, then
 * bonus evaluations, rattrapage and session 2. Classic modules have one average per student; BUT
 * ressources/SAÉs one per UE, weighted by the evaluations' UE weights ("poids").
 * Every function works on whole columns (one slot per student index).
 */
import { isAbs, isAtt, isGrade } from './note-codes.js';
import {
  EVALUATION_BONUS,
  EVALUATION_NORMALE,
  EVALUATION_RATTRAPAGE,
  EVALUATION_SESSION2,
  type EvaluationInput,
} from './types.js';

/** One evaluation with its encoded notes (note-codes.ts) and whether it counts (evaluation-state.ts). */
export interface EvaluationNotes {
  readonly evaluation: EvaluationInput;
  readonly notes: Float64Array;
  readonly counted: boolean;
}

/**
 * w_{e,u}: the evaluation's weight toward UE `ueId`; 1.0 when no weight was set (scodoc.md §6.3,
 * sample R110); `ueId` null (classic, malus, sport) → 1.
 */
export function poidsOf(evaluation: EvaluationInput, ueId: number | null): number {
  if (ueId === null || evaluation.poids === undefined) return 1.0;
  const p = evaluation.poids;
  const w = p instanceof Map ? p.get(ueId) : (p as Readonly<Record<number, number>>)[ueId];
  return w ?? 1.0;
}

/** Summation order of evaluations (scodoc.md §7.4, D28): numero, date_debut (nulls last), id. */
export function compareEvaluations(a: EvaluationInput, b: EvaluationInput): number {
  const na = a.numero ?? 0;
  const nb = b.numero ?? 0;
  if (na !== nb) return na - nb;
  const da = a.date_debut ?? null;
  const db = b.date_debut ?? null;
  if (da !== db) {
    if (da === null) return 1;
    if (db === null) return -1;
    return da < db ? -1 : 1;
  }
  return a.id - b.id;
}

/**
 * The weighted mean (scodoc.md §6.3): Σ c_e·w_{e,u}·x / Σ c_e·w_{e,u} over counted evaluations where the
 * student has a number (x = v·20/M_e) or ABS (x = 0); EXC, ATT and no note are neutralised (§6.2).
 * NaN when the denominator is 0 and for students who are not inscrits.
 */
export function weightedMean(
  evals: readonly EvaluationNotes[],
  inscrits: Uint8Array,
  ueId: number | null,
): Float64Array {
  const n = inscrits.length;
  const num = new Float64Array(n);
  const den = new Float64Array(n);
  for (const { evaluation, notes, counted } of evals) {
    if (!counted) continue;
    const w = evaluation.coefficient * poidsOf(evaluation, ueId);
    if (!(w > 0)) continue; // w = 0 excludes e from u (sample SAE11)
    const noteMax = evaluation.note_max;
    for (let i = 0; i < n; i++) {
      if (!inscrits[i]) continue;
      const v = notes[i];
      if (isGrade(v)) {
        num[i] += w * ((v * 20.0) / noteMax);
        den[i] += w;
      } else if (isAbs(v)) {
        den[i] += w; // §6.2: ABS = 0
      }
    }
  }
  const moy = new Float64Array(n);
  for (let i = 0; i < n; i++) moy[i] = inscrits[i] && den[i] > 0 ? num[i] / den[i] : Number.NaN;
  return moy;
}

/**
 * 9.6 bonus evaluations (scodoc.md §6.3 [recollection]): their n20 is added after the mean, for UEs the
 * evaluation weighs toward (w > 0), then the average is clipped to [0, 20]. In place.
 */
export function applyBonusEvaluations(
  moy: Float64Array,
  evals: readonly EvaluationNotes[],
  inscrits: Uint8Array,
  ueId: number | null,
): void {
  for (const { evaluation, notes } of evals) {
    if (evaluation.evaluation_type !== EVALUATION_BONUS || !(evaluation.note_max > 0)) continue;
    if (!(poidsOf(evaluation, ueId) > 0)) continue;
    for (let i = 0; i < moy.length; i++) {
      const v = notes[i];
      if (!inscrits[i] || !isGrade(v) || Number.isNaN(moy[i])) continue;
      moy[i] = Math.min(20, Math.max(0, moy[i] + (v * 20.0) / evaluation.note_max));
    }
  }
}

/**
 * Rattrapage then session 2 (scodoc.md §6.4, D31), in place. Only numeric notes are considered.
 * Rattrapage: moy := max(moy, r), or r when moy is NaN; with several rattrapages, r is the best note.
 * Session 2: moy := r (even if lower); with several, the latest `date_debut` (tie: highest id) where the
 * student has a number.
 */
export function applyRattrapageSession2(
  moy: Float64Array,
  evals: readonly EvaluationNotes[],
  inscrits: Uint8Array,
): void {
  const session2: EvaluationNotes[] = [];
  for (const en of evals) {
    const { evaluation, notes } = en;
    if (!(evaluation.note_max > 0)) continue;
    if (evaluation.evaluation_type === EVALUATION_SESSION2) session2.push(en);
    if (evaluation.evaluation_type !== EVALUATION_RATTRAPAGE) continue;
    for (let i = 0; i < moy.length; i++) {
      const v = notes[i];
      if (!inscrits[i] || !isGrade(v)) continue;
      const r = (v * 20.0) / evaluation.note_max;
      // §6.4: rattrapage replaces when better; D31: best of several
      if (Number.isNaN(moy[i]) || r > moy[i]) moy[i] = r;
    }
  }
  if (session2.length === 0) return;
  session2.sort((a, b) => {
    const da = a.evaluation.date_debut ?? '';
    const db = b.evaluation.date_debut ?? '';
    return da === db ? a.evaluation.id - b.evaluation.id : da < db ? -1 : 1;
  });
  // Ascending order, later ones overwrite: the latest numeric session-2 note wins (D31).
  for (const { evaluation, notes } of session2) {
    for (let i = 0; i < moy.length; i++) {
      const v = notes[i];
      if (inscrits[i] && isGrade(v)) moy[i] = (v * 20.0) / evaluation.note_max; // §6.4: session 2 replaces
    }
  }
}

/** The full module average toward one UE (BUT) or the module average (ueId null), §6.3–§6.4. */
export function moduleAverage(
  evals: readonly EvaluationNotes[],
  inscrits: Uint8Array,
  ueId: number | null,
): Float64Array {
  const moy = weightedMean(evals, inscrits, ueId);
  applyBonusEvaluations(moy, evals, inscrits, ueId);
  applyRattrapageSession2(moy, evals, inscrits);
  return moy;
}

/**
 * Students with ATT in a counted evaluation of the module (scodoc.md §6.3: the module is then "en
 * attente"). Returns the per-student flags and whether any inscrit has one.
 */
export function attenteFlags(
  evals: readonly EvaluationNotes[],
  inscrits: Uint8Array,
): { etud: Uint8Array; any: boolean } {
  const etud = new Uint8Array(inscrits.length);
  let any = false;
  for (const { evaluation, notes, counted } of evals) {
    if (!counted || evaluation.evaluation_type !== EVALUATION_NORMALE) continue;
    for (let i = 0; i < notes.length; i++) {
      if (inscrits[i] && isAtt(notes[i])) {
        etud[i] = 1;
        any = true;
      }
    }
  }
  return { etud, any };
}

/**
 * BUT indicative module average shown on bulletins: mean of the student's non-NaN per-UE averages
 * (NaN if none).
 */
export function indicativeAverage(columns: readonly Float64Array[], n: number): Float64Array {
  const moy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let k = 0;
    for (const col of columns) {
      const v = col[i];
      if (!Number.isNaN(v)) {
        s += v;
        k++;
      }
    }
    moy[i] = k > 0 ? s / k : Number.NaN;
  }
  return moy;
}
