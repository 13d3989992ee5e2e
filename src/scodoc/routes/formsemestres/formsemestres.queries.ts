import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../../db/database.js';
import { defineQuery, param } from '../../../db/statements.js';
import type { FormsemestreRow, ParcoursRow } from './formsemestres.present.js';

const FS_COLS = [
  'fs.id',
  'fs.dept_id',
  'fs.formation_id',
  'fs.semestre_id',
  'fs.titre',
  'fs.date_debut',
  'fs.date_fin',
  'fs.etat',
  'fs.modalite',
  'fs.gestion_semestrielle',
  'fs.gestion_compensation',
  'fs.block_moyennes',
  'fs.bul_hide_xml',
  'fs.bul_bgcolor',
  'fs.resp_can_edit',
  'fs.resp_can_change_ens',
  'fs.ens_can_edit_eval',
  'fs.elt_sem_apo',
  'fs.elt_annee_apo',
  'fs.etape_apo',
  'fs.scodoc7_id',
  'd.acronym as d_acronym',
  'd.dept_name as d_dept_name',
  'd.description as d_description',
  'd.visible as d_visible',
  'd.date_creation as d_date_creation',
  'f.acronyme as f_acronyme',
  'f.titre as f_titre',
  'f.titre_officiel as f_titre_officiel',
  'f.version as f_version',
  'f.type_parcours as f_type_parcours',
  'f.formation_code as f_formation_code',
  'f.code_specialite as f_code_specialite',
  'f.referentiel_competence_id as f_referentiel_competence_id',
] as const;

/** formsemestre joined with its department and formation; callers add filters. */
export function formsemestreSelect(db: Kysely<any>): SelectQueryBuilder<any, any, FormsemestreRow> {
  return db
    .selectFrom('sco_formsemestre as fs')
    .innerJoin('sco_departement as d', 'd.id', 'fs.dept_id')
    .innerJoin('sco_formation as f', 'f.id', 'fs.formation_id')
    .select(FS_COLS) as any;
}

/** scodoc.md D28: formsemestres by date_debut, semestre_id, id. */
export function chronological<Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q {
  return q.orderBy('fs.date_debut').orderBy('fs.semestre_id').orderBy('fs.id') as Q;
}

const formsemestreById = defineQuery<{ id: number }, FormsemestreRow>('scodoc.formsemestreById', (db) =>
  formsemestreSelect(db).where('fs.id', '=', param('id')),
);
/** Responsables (kind 'r') and parcours (kind 'p') of one formsemestre, in one statement. */
const extrasOf = defineQuery<
  { id: number },
  { kind: 'r' | 'p'; id: number; code: string | null; libelle: string | null; annees: string | null; ord: number }
>('scodoc.formsemestreExtrasOf', (db) =>
  db
    .selectFrom('sco_formsemestre_responsable as r')
    .select([
      sql<string>`'r'`.as('kind'),
      'r.user_id as id',
      sql<null>`null`.as('code'),
      sql<null>`null`.as('libelle'),
      sql<null>`null`.as('annees'),
      'r.user_id as ord',
    ])
    .where('r.formsemestre_id', '=', param('id'))
    .unionAll(
      db
        .selectFrom('sco_formsemestre_parcours as fp')
        .innerJoin('sco_parcours as p', 'p.id', 'fp.parcours_id')
        .select([sql<string>`'p'`.as('kind'), 'p.id', 'p.code', 'p.libelle', 'p.annees', 'p.numero as ord'])
        .where('fp.formsemestre_id', '=', param('id')),
    )
    .orderBy('kind')
    .orderBy('ord')
    .orderBy('id'),
);

/** Hot path: one formsemestre with its responsables and parcours (two cached statements). */
export async function loadFormsemestre(db: Database, id: number) {
  const row = await db.statements.first(formsemestreById, { id });
  if (!row) return undefined;
  const extras = await db.statements.all(extrasOf, { id });
  const responsables: number[] = [];
  const parcours: ParcoursRow[] = [];
  for (const x of extras) {
    if (x.kind === 'r') responsables.push(Number(x.id));
    else
      parcours.push({ formsemestre_id: id, id: Number(x.id), code: x.code!, libelle: x.libelle!, annees: x.annees! });
  }
  return { row, responsables, parcours };
}

/** Only the row (existence and department checks). */
export function formsemestreRow(db: Database, id: number) {
  return db.statements.first(formsemestreById, { id });
}

/** Responsables and parcours of several formsemestres: two queries whatever their number. */
export async function formsemestreExtras(db: Kysely<any>, ids: readonly number[]) {
  const resp = new Map<number, number[]>();
  const parcours = new Map<number, ParcoursRow[]>();
  if (ids.length === 0) return { resp, parcours };
  const r = await db
    .selectFrom('sco_formsemestre_responsable')
    .select(['formsemestre_id', 'user_id'])
    .where('formsemestre_id', 'in', ids)
    .orderBy('user_id')
    .execute();
  for (const x of r) {
    const k = Number(x.formsemestre_id);
    resp.set(k, [...(resp.get(k) ?? []), Number(x.user_id)]);
  }
  const p = (await db
    .selectFrom('sco_formsemestre_parcours as fp')
    .innerJoin('sco_parcours as p', 'p.id', 'fp.parcours_id')
    .select(['fp.formsemestre_id', 'p.id', 'p.code', 'p.libelle', 'p.annees'])
    .where('fp.formsemestre_id', 'in', ids)
    .orderBy('p.numero')
    .orderBy('p.id')
    .execute()) as ParcoursRow[];
  for (const x of p) {
    const k = Number(x.formsemestre_id);
    parcours.set(k, [...(parcours.get(k) ?? []), x]);
  }
  return { resp, parcours };
}

export interface FormsemestreCriteria {
  readonly scope: number[] | null;
  readonly annee_scolaire?: number;
  readonly dept_acronym?: string;
  readonly dept_id?: number;
  readonly etape_apo?: string;
  readonly nip?: string;
  readonly ine?: string;
  /** Only those in progress on this ISO date (scodoc.md D22). */
  readonly courantLe?: string;
  readonly etudid?: number;
  readonly formation_id?: number;
}

/** formsemestres matching every given criterion (AND), chronological. One query. */
export async function queryFormsemestres(db: Kysely<any>, c: FormsemestreCriteria): Promise<FormsemestreRow[]> {
  let q = formsemestreSelect(db);
  if (c.scope !== null) q = q.where('fs.dept_id', 'in', c.scope.length ? c.scope : [-1]);
  if (c.annee_scolaire !== undefined) {
    // D21: from August of that year to July of the next.
    q = q
      .where('fs.date_debut', '>=', `${c.annee_scolaire}-08-01`)
      .where('fs.date_debut', '<', `${c.annee_scolaire + 1}-08-01`);
  }
  if (c.dept_acronym !== undefined) q = q.where('d.acronym', '=', c.dept_acronym);
  if (c.dept_id !== undefined) q = q.where('fs.dept_id', '=', c.dept_id);
  if (c.formation_id !== undefined) q = q.where('fs.formation_id', '=', c.formation_id);
  if (c.courantLe !== undefined)
    q = q.where('fs.date_debut', '<=', c.courantLe).where('fs.date_fin', '>=', c.courantLe);
  if (c.nip !== undefined || c.ine !== undefined || c.etudid !== undefined) {
    q = q.where('fs.id', 'in', (eb: any) => {
      let sub = eb
        .selectFrom('sco_inscription as i')
        .innerJoin('sco_etudiant as e', 'e.id', 'i.etudid')
        .select('i.formsemestre_id');
      if (c.nip !== undefined) sub = sub.where('e.code_nip', '=', c.nip);
      if (c.ine !== undefined) sub = sub.where('e.code_ine', '=', c.ine);
      if (c.etudid !== undefined) sub = sub.where('e.id', '=', c.etudid);
      return sub;
    });
  }
  const rows = await chronological(q).execute();
  // etape_apo holds a comma-separated list: match one of its codes exactly.
  const etape = c.etape_apo;
  return etape === undefined ? rows : rows.filter((r) => r.etape_apo.split(',').some((e) => e.trim() === etape));
}
