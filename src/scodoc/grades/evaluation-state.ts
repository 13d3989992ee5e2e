/**
 * Which evaluations count (scodoc.md §6.2) and the per-evaluation counts of `etat_evals` (§5.7) and of the
 * bulletins' evaluation `note{min,max,moy}` (§6.10).
 */
import { isAbs, isAtt, isExc, isGrade, isStored } from './note-codes.js';
import { EMPTY_STATS } from './stats.js';
import { EVALUATION_NORMALE, type EvaluationInput, type EvaluationResult } from './types.js';

/**
 * scodoc.md §6.2: e counts for the weighted mean iff it is a normal evaluation, note_max > 0, and it is
 * complete or `publish_incomplete`. Rattrapage, session 2 and bonus evaluations never count in the mean.
 */
export function isCounted(evaluation: EvaluationInput, complete: boolean): boolean {
  return (
    evaluation.evaluation_type === EVALUATION_NORMALE &&
    evaluation.note_max > 0 &&
    (complete || evaluation.publish_incomplete)
  );
}

/**
 * @param notes encoded notes of the evaluation, one per student index (see note-codes.ts)
 * @param inscrits 1 for the module's inscrits whose semester etat is "I" (§6.2)
 */
export function evaluationResult(
  evaluation: EvaluationInput,
  notes: Float64Array,
  inscrits: Uint8Array,
): EvaluationResult {
  let nbInscrits = 0;
  let nbManquantes = 0;
  let nbNotes = 0;
  let nbAbs = 0;
  let nbExc = 0;
  let nbAtt = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  const scale = evaluation.note_max > 0 ? 20 / evaluation.note_max : Number.NaN;
  for (let i = 0; i < notes.length; i++) {
    if (!inscrits[i]) continue;
    nbInscrits++;
    const v = notes[i];
    if (!isStored(v)) nbManquantes++;
    else if (isGrade(v)) {
      // §6.10: evaluation stats on /20 over numeric notes only
      const n20 = (v * 20.0) / evaluation.note_max;
      nbNotes++;
      if (n20 < min) min = n20;
      if (n20 > max) max = n20;
      sum += n20;
    } else if (isAbs(v)) nbAbs++;
    else if (isExc(v)) nbExc++;
    else if (isAtt(v)) nbAtt++;
  }
  // §6.2: complete iff every inscrit has a stored value; rattrapage and session 2 are always "complete".
  const complete = evaluation.evaluation_type !== EVALUATION_NORMALE || nbManquantes === 0;
  return {
    id: evaluation.id,
    moduleimpl_id: evaluation.moduleimpl_id,
    evaluation_type: evaluation.evaluation_type,
    complete,
    counted: isCounted(evaluation, complete),
    nb_inscrits: nbInscrits,
    nb_manquantes: nbManquantes,
    nb_notes: nbNotes,
    nb_abs: nbAbs,
    nb_exc: nbExc,
    nb_att: nbAtt,
    stats: nbNotes === 0 || Number.isNaN(scale) ? EMPTY_STATS : { min, max, moy: sum / nbNotes, count: nbNotes },
  };
}
