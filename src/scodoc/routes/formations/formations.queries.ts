import type { Kysely } from 'kysely';
import type { DepartementRow } from '../departements/departements.present.js';
import type { FormationRow, FormationTree, ModuleRow, UeRow } from './formations.present.js';

export const FORMATION_COLS = [
  'f.id',
  'f.dept_id',
  'f.acronyme',
  'f.titre',
  'f.titre_officiel',
  'f.version',
  'f.type_parcours',
  'f.formation_code',
  'f.code_specialite',
  'f.referentiel_competence_id',
] as const;

export const UE_COLS = [
  'id',
  'formation_id',
  'acronyme',
  'titre',
  'numero',
  'type',
  'ue_code',
  'ects',
  'is_external',
  'code_apogee',
  'coefficient',
  'semestre_idx',
  'color',
] as const;

export const MODULE_COLS = [
  'id',
  'formation_id',
  'ue_id',
  'matiere_id',
  'titre',
  'abbrev',
  'code',
  'code_apogee',
  'coefficient',
  'ects',
  'heures_cours',
  'heures_td',
  'heures_tp',
  'semestre_id',
  'numero',
  'module_type',
] as const;

/** Formations in scope with their department, by id (scodoc.md D28). One query. */
export function listFormations(
  db: Kysely<any>,
  scope: number[] | null,
): Promise<(FormationRow & { dept: DepartementRow })[]> {
  let q = db
    .selectFrom('sco_formation as f')
    .innerJoin('sco_departement as d', 'd.id', 'f.dept_id')
    .select([
      ...FORMATION_COLS,
      'd.acronym as d_acronym',
      'd.dept_name as d_dept_name',
      'd.description as d_description',
      'd.visible as d_visible',
      'd.date_creation as d_date_creation',
    ])
    .orderBy('f.id');
  if (scope !== null) q = q.where('f.dept_id', 'in', scope.length ? scope : [-1]);
  return q.execute().then((rows) =>
    rows.map((r: any) => ({
      ...r,
      dept: {
        id: r.dept_id,
        acronym: r.d_acronym,
        dept_name: r.d_dept_name,
        description: r.d_description,
        visible: r.d_visible,
        date_creation: r.d_date_creation,
      },
    })),
  );
}

export function formationById(db: Kysely<any>, id: number): Promise<FormationRow | undefined> {
  return db.selectFrom('sco_formation as f').select(FORMATION_COLS).where('f.id', '=', id).executeTakeFirst();
}

/** The whole programme of a formation in four queries. */
export async function formationTree(db: Kysely<any>, formation: FormationRow): Promise<FormationTree> {
  const fid = formation.id;
  const ues = (await db
    .selectFrom('sco_ue')
    .select(UE_COLS)
    .where('formation_id', '=', fid)
    .orderBy('numero')
    .orderBy('id')
    .execute()) as UeRow[];
  const matieres = await db
    .selectFrom('sco_matiere as m')
    .innerJoin('sco_ue as u', 'u.id', 'm.ue_id')
    .select(['m.id', 'm.ue_id', 'm.titre', 'm.numero'])
    .where('u.formation_id', '=', fid)
    .orderBy('m.numero')
    .orderBy('m.id')
    .execute();
  const modules = (await db
    .selectFrom('sco_module')
    .select(MODULE_COLS)
    .where('formation_id', '=', fid)
    .orderBy('numero')
    .orderBy('code')
    .execute()) as ModuleRow[];
  const coefs = await db
    .selectFrom('sco_module_ue_coef as c')
    .innerJoin('sco_module as m', 'm.id', 'c.module_id')
    .select(['c.module_id', 'c.ue_id', 'c.coef'])
    .where('m.formation_id', '=', fid)
    .orderBy('c.module_id')
    .orderBy('c.ue_id')
    .execute();
  return { formation, ues, matieres, modules, coefs } as FormationTree;
}

export function referentielById(db: Kysely<any>, id: number) {
  return db.selectFrom('sco_referentiel').selectAll().where('id', '=', id).executeTakeFirst();
}

export function parcoursOfReferentiel(db: Kysely<any>, referentielId: number) {
  return db
    .selectFrom('sco_parcours')
    .select(['id', 'code', 'libelle', 'numero', 'annees'])
    .where('referentiel_id', '=', referentielId)
    .orderBy('numero')
    .orderBy('id')
    .execute();
}

export function moduleById(db: Kysely<any>, id: number): Promise<ModuleRow | undefined> {
  return db.selectFrom('sco_module').select(MODULE_COLS).where('id', '=', id).executeTakeFirst() as Promise<
    ModuleRow | undefined
  >;
}
