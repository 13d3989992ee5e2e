/** SQL of évaluations and notes (issue 5). Writes that change results bump `sco_results_version` in their transaction. */
import { type Kysely, sql } from 'kysely';
import { defineQuery, param } from '../../../db/statements.js';

export interface EvaluationRow {
  readonly id: number;
  readonly moduleimpl_id: number;
  readonly description: string;
  readonly date_debut: number | null;
  readonly date_fin: number | null;
  readonly coefficient: number;
  readonly note_max: number;
  readonly evaluation_type: number;
  readonly numero: number;
  readonly publish_incomplete: number;
  readonly visibulletin: number;
}

/** An évaluation with what permission checks need: its formsemestre, department, moduleimpl staff. */
export interface EvaluationContextRow extends EvaluationRow {
  readonly formsemestre_id: number;
  readonly dept_id: number;
  readonly responsable_id: number | null;
  readonly module_type: number;
  readonly fs_etat: number;
}

export const EVAL_COLS = [
  'e.id',
  'e.moduleimpl_id',
  'e.description',
  'e.date_debut',
  'e.date_fin',
  'e.coefficient',
  'e.note_max',
  'e.evaluation_type',
  'e.numero',
  'e.publish_incomplete',
  'e.visibulletin',
] as const;

export const evaluationById = defineQuery<{ id: number }, EvaluationContextRow>('scodoc.evaluationById', (db) =>
  db
    .selectFrom('sco_evaluation as e')
    .innerJoin('sco_moduleimpl as mi', 'mi.id', 'e.moduleimpl_id')
    .innerJoin('sco_formsemestre as fs', 'fs.id', 'mi.formsemestre_id')
    .innerJoin('sco_module as m', 'm.id', 'mi.module_id')
    .select([
      ...EVAL_COLS,
      'mi.formsemestre_id',
      'fs.dept_id',
      'mi.responsable_id',
      'm.module_type',
      'fs.etat as fs_etat',
    ])
    .where('e.id', '=', param('id')),
);

/** scodoc.md D28: évaluations by `numero`, `date_debut` (nulls last), id. */
export function evaluationsOfModuleimpl(db: Kysely<any>, moduleimplId: number): Promise<EvaluationRow[]> {
  return db
    .selectFrom('sco_evaluation as e')
    .select([...EVAL_COLS])
    .where('e.moduleimpl_id', '=', moduleimplId)
    .orderBy('e.numero')
    .orderBy(sql`case when e.date_debut is null then 1 else 0 end`)
    .orderBy('e.date_debut')
    .orderBy('e.id')
    .execute() as Promise<EvaluationRow[]>;
}

export async function poidsOf(db: Kysely<any>, evaluationIds: readonly number[]) {
  if (evaluationIds.length === 0) return new Map<number, Map<number, number>>();
  const rows = await db
    .selectFrom('sco_evaluation_poids')
    .select(['evaluation_id', 'ue_id', 'poids'])
    .where('evaluation_id', 'in', evaluationIds)
    .orderBy('ue_id')
    .execute();
  const out = new Map<number, Map<number, number>>();
  for (const r of rows) {
    const id = Number(r.evaluation_id);
    let m = out.get(id);
    if (!m) {
      m = new Map();
      out.set(id, m);
    }
    m.set(Number(r.ue_id), Number(r.poids));
  }
  return out;
}

/** UEs a BUT moduleimpl contributes to (K > 0), in UE order: the keys of its évaluations' `poids`. */
export async function uesOfModuleimpl(db: Kysely<any>, moduleimplId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('sco_moduleimpl as mi')
    .innerJoin('sco_module_ue_coef as k', 'k.module_id', 'mi.module_id')
    .innerJoin('sco_ue as u', 'u.id', 'k.ue_id')
    .select('u.id')
    .where('mi.id', '=', moduleimplId)
    .where('k.coef', '>', 0)
    .orderBy('u.numero')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => Number(r.id));
}

export interface NoteRow {
  readonly etudid: number;
  readonly value: number | null;
  readonly comment: string;
  readonly date: number;
  readonly uid: number | null;
  readonly etat: string | null;
}

/** Stored notes of an évaluation with the student's semester etat (D27: "DEM" for démissionnaires). */
export const notesOfEvaluation = defineQuery<{ id: number; fs: number }, NoteRow>('scodoc.notesOfEvaluation', (db) =>
  db
    .selectFrom('sco_note as n')
    .leftJoin('sco_inscription as i', (j) =>
      j.onRef('i.etudid', '=', 'n.etudid').on('i.formsemestre_id', '=', param('fs')),
    )
    .select(['n.etudid', 'n.value', 'n.comment', 'n.date', 'n.uid', 'i.etat'])
    .where('n.evaluation_id', '=', param('id'))
    .orderBy('n.etudid'),
);

export async function bumpResultsVersion(trx: Kysely<any>, formsemestreId: number): Promise<void> {
  await trx
    .insertInto('sco_results_version')
    .values({ formsemestre_id: formsemestreId, version: 1 })
    .onConflict((oc) =>
      oc.column('formsemestre_id').doUpdateSet({ version: sql`sco_results_version.version + 1` as any }),
    )
    .execute();
}

export interface EvaluationValues {
  readonly description?: string;
  readonly date_debut?: number | null;
  readonly date_fin?: number | null;
  readonly coefficient?: number;
  readonly note_max?: number;
  readonly evaluation_type?: number;
  readonly numero?: number;
  readonly publish_incomplete?: number;
  readonly visibulletin?: number;
}

export async function insertEvaluation(
  db: Kysely<any>,
  moduleimplId: number,
  formsemestreId: number,
  v: EvaluationValues,
  poids: ReadonlyMap<number, number> | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let numero = v.numero;
    if (numero === undefined) {
      const r = await trx
        .selectFrom('sco_evaluation')
        .select(sql<number>`coalesce(max(numero), -1) + 1`.as('n'))
        .where('moduleimpl_id', '=', moduleimplId)
        .executeTakeFirstOrThrow();
      numero = Number(r.n);
    }
    const row = await trx
      .insertInto('sco_evaluation')
      .values({ ...v, numero, moduleimpl_id: moduleimplId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    if (poids) await setPoids(trx, id, poids);
    await bumpResultsVersion(trx, formsemestreId);
    return id;
  });
}

export async function updateEvaluation(
  db: Kysely<any>,
  id: number,
  formsemestreId: number,
  v: EvaluationValues,
  poids: ReadonlyMap<number, number> | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (Object.keys(v).length) await trx.updateTable('sco_evaluation').set(v).where('id', '=', id).execute();
    if (poids) await setPoids(trx, id, poids);
    await bumpResultsVersion(trx, formsemestreId);
  });
}

async function setPoids(trx: Kysely<any>, evaluationId: number, poids: ReadonlyMap<number, number>) {
  await trx.deleteFrom('sco_evaluation_poids').where('evaluation_id', '=', evaluationId).execute();
  const rows = [...poids].map(([ue_id, p]) => ({ evaluation_id: evaluationId, ue_id, poids: p }));
  if (rows.length) await trx.insertInto('sco_evaluation_poids').values(rows).execute();
}

export async function countNotes(db: Kysely<any>, evaluationId: number): Promise<number> {
  const r = await db
    .selectFrom('sco_note')
    .select(sql<number>`count(*)`.as('n'))
    .where('evaluation_id', '=', evaluationId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteEvaluation(db: Kysely<any>, id: number, formsemestreId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sco_evaluation').where('id', '=', id).execute();
    await bumpResultsVersion(trx, formsemestreId);
  });
}

/** Staff of a moduleimpl: may create évaluations and enter notes there (scodoc.md §2.7). */
export async function isModuleimplStaff(db: Kysely<any>, moduleimplId: number, userId: number): Promise<boolean> {
  const r = await db
    .selectFrom('sco_moduleimpl as mi')
    .leftJoin('sco_moduleimpl_ens as e', (j) => j.onRef('e.moduleimpl_id', '=', 'mi.id').on('e.user_id', '=', userId))
    .select(['mi.responsable_id', 'e.user_id'])
    .where('mi.id', '=', moduleimplId)
    .executeTakeFirst();
  return !!r && (Number(r.responsable_id) === userId || r.user_id !== null);
}
