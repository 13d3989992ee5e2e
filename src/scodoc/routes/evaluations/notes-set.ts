/**
 * `POST /evaluation/<id>/notes/set` (scodoc.md §5.14): many notes at once, all-or-nothing. Every value is
 * checked first; if any is rejected nothing is written and the reply lists each rejected student. Otherwise
 * one transaction upserts the notes, deletes the `SUPR` ones, records each change in `sco_note_history`
 * (who, when, old → new) and bumps the formsemestre's results version.
 */
import type { Kysely } from 'kysely';
import { badBody, ScoError } from '../../errors.js';
import { NOTES_ATTENTE, NOTES_NEUTRALISE } from '../../grades/types.js';
import { bumpResultsVersion, type EvaluationContextRow } from './evaluations.queries.js';

/** A parsed input value: a number on the evaluation scale, a stored code, or a deletion. */
type Parsed = { kind: 'set'; value: number | null } | { kind: 'delete' } | { kind: 'ignore' };

export interface RejectedNote {
  readonly etudid: number | null;
  readonly value: unknown;
  readonly message: string;
}

/** 400 with the ScoDoc body plus `rejected`: one entry per refused value (nothing was written). */
export class NotesRejectedError extends ScoError {
  constructor(readonly rejected: readonly RejectedNote[]) {
    super('SCO_ERR_NOTES_REJECTED', { n: rejected.length });
  }
  override body() {
    return { ...super.body(), rejected: this.rejected };
  }
}

/** scodoc.md §5.14 input vocabulary; numbers may use a decimal comma (French keyboards). */
export function parseNoteValue(v: unknown, min: number, max: number): Parsed | string {
  if (v === '' || v === null || v === undefined) return { kind: 'ignore' };
  if (typeof v === 'string') {
    const s = v.trim().toUpperCase();
    if (s === '') return { kind: 'ignore' };
    if (s === 'ABS') return { kind: 'set', value: null };
    if (s === 'EXC' || s === 'NEUTRALISE') return { kind: 'set', value: NOTES_NEUTRALISE };
    if (s === 'ATT') return { kind: 'set', value: NOTES_ATTENTE };
    if (s === 'SUPR') return { kind: 'delete' };
    if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s)) return 'valeur invalide';
    v = Number(s.replace(',', '.'));
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'valeur invalide';
  if (v < min || v > max) return `note hors de l'intervalle [${min}, ${max}]`;
  return { kind: 'set', value: v };
}

/** History text of a stored value; null = no note. */
function histText(present: boolean, v: number | null): string | null {
  if (!present) return null;
  if (v === null) return 'ABS';
  if (v === NOTES_NEUTRALISE) return 'EXC';
  if (v === NOTES_ATTENTE) return 'ATT';
  return String(v);
}

export interface NotesSetResult {
  readonly etudids_changed: number[];
  readonly etudids_with_decision: number[];
  readonly history_menu: string;
  readonly messages: string[];
}

const CHUNK = 500;

export async function setNotes(
  db: Kysely<any>,
  ev: EvaluationContextRow,
  body: unknown,
  userId: number,
  now = Date.now(),
): Promise<NotesSetResult> {
  const route = 'notes_set';
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badBody(route, 'body must be a JSON object');
  const { notes, comment } = body as { notes?: unknown; comment?: unknown };
  if (!Array.isArray(notes)) throw badBody(route, 'notes must be a list of [etudid, value]');
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw badBody(route, 'invalid comment');
  const commentText = typeof comment === 'string' ? comment.slice(0, 1000) : '';
  // scodoc.md §6.1: malus notes in [−20, 20], others in [0, note_max].
  const malus = Number(ev.module_type) === 1;
  const [min, max] = malus ? [-20, 20] : [0, Number(ev.note_max)];

  const inscrits = new Set(
    (
      await db
        .selectFrom('sco_moduleimpl_inscription')
        .select('etudid')
        .where('moduleimpl_id', '=', Number(ev.moduleimpl_id))
        .execute()
    ).map((r) => Number(r.etudid)),
  );
  const rejected: RejectedNote[] = [];
  const wanted = new Map<number, Parsed>();
  const unknownIds: number[] = [];
  for (const item of notes) {
    if (!Array.isArray(item) || item.length !== 2) {
      rejected.push({ etudid: null, value: item, message: 'élément invalide: [etudid, valeur] attendu' });
      continue;
    }
    const etudid = Number(item[0]);
    if (!Number.isInteger(etudid) || etudid <= 0) {
      rejected.push({ etudid: null, value: item[1], message: 'etudid invalide' });
      continue;
    }
    const p = parseNoteValue(item[1], min, max);
    if (typeof p === 'string') {
      rejected.push({ etudid, value: item[1], message: p });
      continue;
    }
    if (!inscrits.has(etudid)) {
      unknownIds.push(etudid);
      rejected.push({ etudid, value: item[1], message: 'etudiant non inscrit à ce module' });
      continue;
    }
    if (wanted.has(etudid)) {
      rejected.push({ etudid, value: item[1], message: 'etudiant présent plusieurs fois' });
      continue;
    }
    wanted.set(etudid, p);
  }
  if (unknownIds.length) {
    // Tell "unknown student" from "not inscribed" for the report.
    const known = new Set(
      (await db.selectFrom('sco_etudiant').select('id').where('id', 'in', unknownIds).execute()).map((r) =>
        Number(r.id),
      ),
    );
    for (let k = 0; k < rejected.length; k++) {
      const r = rejected[k];
      if (r.etudid !== null && unknownIds.includes(r.etudid) && !known.has(r.etudid)) {
        rejected[k] = { ...r, message: 'etudiant inconnu' };
      }
    }
  }
  if (rejected.length) throw new NotesRejectedError(rejected);

  const fsId = Number(ev.formsemestre_id);
  return db.transaction().execute(async (trx) => {
    const existing = new Map<number, number | null>();
    for (const r of await trx
      .selectFrom('sco_note')
      .select(['etudid', 'value'])
      .where('evaluation_id', '=', Number(ev.id))
      .execute()) {
      existing.set(Number(r.etudid), r.value === null ? null : Number(r.value));
    }
    const upserts: Record<string, unknown>[] = [];
    const deletes: number[] = [];
    const history: Record<string, unknown>[] = [];
    const changed: number[] = [];
    for (const [etudid, p] of wanted) {
      if (p.kind === 'ignore') continue;
      const had = existing.has(etudid);
      const old = had ? existing.get(etudid)! : null;
      if (p.kind === 'delete') {
        if (!had) continue;
        deletes.push(etudid);
      } else {
        if (had && old === p.value) continue;
        upserts.push({
          evaluation_id: Number(ev.id),
          etudid,
          value: p.value,
          comment: commentText,
          date: now,
          uid: userId,
        });
      }
      changed.push(etudid);
      history.push({
        evaluation_id: Number(ev.id),
        etudid,
        old_value: histText(had, old),
        new_value: p.kind === 'delete' ? null : histText(true, p.value),
        comment: commentText,
        uid: userId,
        date: now,
      });
    }
    for (let i = 0; i < upserts.length; i += CHUNK) {
      await trx
        .insertInto('sco_note')
        .values(upserts.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['evaluation_id', 'etudid']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            comment: eb.ref('excluded.comment'),
            date: eb.ref('excluded.date'),
            uid: eb.ref('excluded.uid'),
          })),
        )
        .execute();
    }
    for (let i = 0; i < deletes.length; i += CHUNK) {
      await trx
        .deleteFrom('sco_note')
        .where('evaluation_id', '=', Number(ev.id))
        .where('etudid', 'in', deletes.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < history.length; i += CHUNK) {
      await trx
        .insertInto('sco_note_history')
        .values(history.slice(i, i + CHUNK))
        .execute();
    }
    let withDecision: number[] = [];
    if (changed.length) {
      await bumpResultsVersion(trx, fsId);
      const dec = await trx
        .selectFrom('sco_jury_semestre')
        .select('etudid')
        .where('formsemestre_id', '=', fsId)
        .execute();
      const set = new Set(changed);
      withDecision = dec.map((r) => Number(r.etudid)).filter((e) => set.has(e));
    }
    changed.sort((a, b) => a - b);
    withDecision.sort((a, b) => a - b);
    return {
      etudids_changed: changed,
      etudids_with_decision: withDecision,
      history_menu: changed.length ? `${changed.length} note(s) modifiée(s)` : '',
      messages: withDecision.length
        ? [`${withDecision.length} étudiant(s) ont déjà une décision de jury : la vérifier`]
        : [],
    };
  });
}
