import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../../db/database.js';
import { defineQuery, param } from '../../../db/statements.js';
import { ADMISSION_COLUMNS, ADRESSE_COLUMNS } from '../../tables.js';
import type { EtudiantRow, GroupOfEtud } from './etudiants.present.js';

const ETUD_COLS = [
  'e.id',
  'e.dept_id',
  'd.acronym as dept_acronym',
  'e.code_nip',
  'e.code_ine',
  'e.civilite',
  'e.civilite_etat_civil',
  'e.nom',
  'e.nom_usuel',
  'e.prenom',
  'e.prenom_etat_civil',
  'e.sort_key',
  'e.date_naissance',
  'e.lieu_naissance',
  'e.dept_naissance',
  'e.nationalite',
  'e.statut',
  'e.boursier',
  'e.photo_filename',
  'e.scodoc7_id',
  'adr.id as adr_id',
  ...ADRESSE_COLUMNS.map(([c]) => `adr.${c} as adr_${c}`),
  ...ADMISSION_COLUMNS.map(([c]) => `adm.${c} as adm_${c}`),
];

/** étudiant + department + address + admission, in one statement; callers add filters. */
export function etudiantSelect(db: Kysely<any>): SelectQueryBuilder<any, any, EtudiantRow> {
  return db
    .selectFrom('sco_etudiant as e')
    .innerJoin('sco_departement as d', 'd.id', 'e.dept_id')
    .leftJoin('sco_adresse as adr', 'adr.etudid', 'e.id')
    .leftJoin('sco_admission as adm', 'adm.etudid', 'e.id')
    .select(ETUD_COLS as any) as any;
}

/** scodoc.md D28: students by sort_key, then etudid. */
export function bySortKey<Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q {
  return q.orderBy('e.sort_key').orderBy('e.id') as Q;
}

const etudiantById = defineQuery<{ id: number }, EtudiantRow>('scodoc.etudiantById', (db) =>
  etudiantSelect(db).where('e.id', '=', param('id')),
);

/** Hot path: `etudiant/etudid/<id>`. */
export function etudiantByIdCached(db: Database, id: number) {
  return db.statements.first(etudiantById, { id });
}

/**
 * Students with a NIP or INE, the most recently inscribed first (latest formsemestre date_debut; tie:
 * highest etudid; never inscribed last), scodoc.md D19.
 */
export function etudiantsByCode(db: Kysely<any>, kind: 'nip' | 'ine', code: string): Promise<EtudiantRow[]> {
  const col = kind === 'nip' ? 'e.code_nip' : 'e.code_ine';
  return etudiantSelect(db)
    .where(col, '=', code)
    .orderBy(
      sql`coalesce((select max(fs.date_debut) from sco_inscription i join sco_formsemestre fs on fs.id = i.formsemestre_id where i.etudid = e.id), '')`,
      'desc',
    )
    .orderBy('e.id', 'desc')
    .execute();
}

export function etudiantsOfDept(db: Kysely<any>, deptId: number): Promise<EtudiantRow[]> {
  return bySortKey(etudiantSelect(db).where('e.dept_id', '=', deptId)).execute();
}

/** Students inscribed in a formsemestre in progress on `today` (scodoc.md D22), in scope. */
export function etudiantsCourants(db: Kysely<any>, scope: number[] | null, today: string): Promise<EtudiantRow[]> {
  let q = etudiantSelect(db).where('e.id', 'in', (eb: any) =>
    eb
      .selectFrom('sco_inscription as i')
      .innerJoin('sco_formsemestre as fs', 'fs.id', 'i.formsemestre_id')
      .select('i.etudid')
      .where('fs.date_debut', '<=', today)
      .where('fs.date_fin', '>=', today),
  );
  if (scope !== null) q = q.where('e.dept_id', 'in', scope.length ? scope : [-1]);
  return bySortKey(q).execute();
}

export type InscritRow = EtudiantRow & { readonly etat: string };

const inscritsOf = defineQuery<{ fs: number }, InscritRow>('scodoc.inscritsOfFormsemestre', (db) =>
  bySortKey(
    etudiantSelect(db)
      .innerJoin('sco_inscription as ins', 'ins.etudid', 'e.id')
      .select('ins.etat')
      .where('ins.formsemestre_id', '=', param('fs')),
  ),
);

/** Group memberships, with partition fields, of the students of a formsemestre (named partitions). */
const groupsOfFormsemestre = defineQuery<{ fs: number }, GroupOfEtud>('scodoc.groupsOfFormsemestre', (db) =>
  db
    .selectFrom('sco_group_member as gm')
    .innerJoin('sco_group as g', 'g.id', 'gm.group_id')
    .innerJoin('sco_partition as p', 'p.id', 'gm.partition_id')
    .select([
      'gm.etudid',
      'g.id',
      'g.group_name',
      'g.numero',
      'g.edt_id',
      'p.id as partition_id',
      'p.partition_name',
      'p.numero as p_numero',
      'p.bul_show_rank',
      'p.show_in_lists',
      'p.formsemestre_id',
    ])
    .where('p.formsemestre_id', '=', param('fs'))
    .where('p.partition_name', 'is not', null)
    .orderBy('p.numero')
    .orderBy('p.id')
    .orderBy('g.numero')
    .orderBy('g.id'),
);

/** Students of a formsemestre with their groups: two cached statements whatever the size. */
export async function inscritsWithGroups(db: Database, formsemestreId: number) {
  const etuds = await db.statements.all(inscritsOf, { fs: formsemestreId });
  const groups = await db.statements.all(groupsOfFormsemestre, { fs: formsemestreId });
  const byEtud = new Map<number, GroupOfEtud[]>();
  for (const g of groups) {
    const k = Number(g.etudid);
    const l = byEtud.get(k);
    if (l) l.push(g);
    else byEtud.set(k, [g]);
  }
  return { etuds, byEtud };
}

/** The groups of one student in one formsemestre (named partitions), by partition then group numero. */
export function groupsOfEtud(db: Kysely<any>, etudid: number, formsemestreId: number): Promise<GroupOfEtud[]> {
  return db
    .selectFrom('sco_group_member as gm')
    .innerJoin('sco_group as g', 'g.id', 'gm.group_id')
    .innerJoin('sco_partition as p', 'p.id', 'gm.partition_id')
    .select([
      'gm.etudid',
      'g.id',
      'g.group_name',
      'g.numero',
      'g.edt_id',
      'p.id as partition_id',
      'p.partition_name',
      'p.numero as p_numero',
      'p.bul_show_rank',
      'p.show_in_lists',
      'p.formsemestre_id',
    ])
    .where('gm.etudid', '=', etudid)
    .where('p.formsemestre_id', '=', formsemestreId)
    .where('p.partition_name', 'is not', null)
    .orderBy('p.numero')
    .orderBy('p.id')
    .orderBy('g.numero')
    .orderBy('g.id')
    .execute() as Promise<GroupOfEtud[]>;
}

/** Students of a group (with their semester etat), by sort_key. */
export function etudiantsOfGroup(db: Kysely<any>, groupId: number, formsemestreId: number): Promise<InscritRow[]> {
  return bySortKey(
    etudiantSelect(db)
      .innerJoin('sco_group_member as gm', 'gm.etudid', 'e.id')
      .innerJoin('sco_inscription as ins', (j) =>
        j.onRef('ins.etudid', '=', 'e.id').on('ins.formsemestre_id', '=', formsemestreId),
      )
      .select('ins.etat')
      .where('gm.group_id', '=', groupId),
  ).execute() as Promise<InscritRow[]>;
}

export function photoOf(db: Kysely<any>, etudid: number) {
  return db.selectFrom('sco_photo').select(['mime', 'data']).where('etudid', '=', etudid).executeTakeFirst();
}

/** Students whose name starts with `start` (case-insensitive), in scope, sort_key order, at most `limit`. */
export function etudiantsByName(
  db: Kysely<any>,
  scope: number[] | null,
  start: string,
  limit: number,
): Promise<EtudiantRow[]> {
  const key = start
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[%_\\;]/g, '');
  // sort_key begins with the lower-cased, accent-free "nom_usuel or nom": a prefix match on it.
  let q = etudiantSelect(db).where('e.sort_key', 'like', `${key}%`);
  if (scope !== null) q = q.where('e.dept_id', 'in', scope.length ? scope : [-1]);
  return bySortKey(q).limit(limit).execute();
}
