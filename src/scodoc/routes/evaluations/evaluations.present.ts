/** Évaluations and notes as ScoDoc 9.4–9.6 writes them (scodoc.md §5.7, D9, D10, D13, D27). */

import { isoLocal } from '../../dates.js';
import { NOTES_ATTENTE, NOTES_NEUTRALISE } from '../../grades/types.js';
import { float } from '../../json.js';
import type { EvaluationRow, NoteRow } from './evaluations.queries.js';

/** Local date and time parts of an instant: `jour` dd/mm/yyyy, `heure` hh:mm, ISO with offset. */
export function localDate(ms: number | null, timeZone: string) {
  if (ms === null) return null;
  const iso = isoLocal(Number(ms), timeZone);
  return {
    iso,
    date: iso.slice(0, 10),
    jour: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`,
    heure: iso.slice(11, 16),
  };
}

/** `poids` keyed by UE id, ascending (D13); a UE without a stored weight weighs 1.0 (§6.3). */
export function poidsById(ues: readonly number[], stored: ReadonlyMap<number, number> | undefined) {
  const out: Record<string, ReturnType<typeof float>> = {};
  for (const u of [...ues].sort((a, b) => a - b)) out[String(u)] = float(stored?.get(u) ?? 1);
  return out;
}

/** scodoc.md §5.7 `evaluation`. */
export function presentEvaluation(
  e: EvaluationRow,
  timeZone: string,
  ues: readonly number[],
  poids: ReadonlyMap<number, number> | undefined,
) {
  const d = localDate(e.date_debut, timeZone);
  const f = localDate(e.date_fin, timeZone);
  return {
    id: Number(e.id),
    moduleimpl_id: Number(e.moduleimpl_id),
    description: e.description,
    date_debut: d?.iso ?? null,
    date_fin: f?.iso ?? null,
    jour: d?.jour ?? null,
    heure_debut: d?.heure ?? null,
    heure_fin: f?.heure ?? null,
    coefficient: float(e.coefficient),
    note_max: float(e.note_max),
    evaluation_type: Number(e.evaluation_type),
    numero: Number(e.numero),
    publish_incomplete: Boolean(Number(e.publish_incomplete)),
    visibulletin: Boolean(Number(e.visibulletin)),
    poids: poidsById(ues, poids),
  };
}

/** Stored value → wire value: a float on the évaluation's scale, or "ABS" / "EXC" / "ATT" / "DEM" (§5.7, D27). */
export function noteWireValue(value: number | null, etat: string | null) {
  if (etat === 'D') return 'DEM';
  if (value === null) return 'ABS';
  if (Number(value) === NOTES_NEUTRALISE) return 'EXC';
  if (Number(value) === NOTES_ATTENTE) return 'ATT';
  return float(Number(value));
}

/** `GET /evaluation/<id>/notes`: object keyed by etudid as string, ascending (D13). */
export function presentNotes(evaluationId: number, noteMax: number, rows: readonly NoteRow[], timeZone: string) {
  const out: Record<string, unknown> = {};
  for (const r of rows) {
    out[String(r.etudid)] = {
      etudid: Number(r.etudid),
      evaluation_id: evaluationId,
      value: noteWireValue(r.value === null ? null : Number(r.value), r.etat),
      note_max: float(noteMax),
      comment: r.comment,
      date: isoLocal(Number(r.date), timeZone),
      uid: r.uid === null ? null : Number(r.uid),
    };
  }
  return out;
}
