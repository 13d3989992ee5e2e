/**
 * SQL of the assiduités: reads through the statement cache (every list is one statement, filtered in memory
 * by the route: a student's or a formsemestre's records are few enough), writes through Kysely inside the
 * caller's transaction.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../../db/database.js';
import { defineQuery, param } from '../../../db/statements.js';
import { fillNames, inscritNamesOf } from './names.js';

export interface AssiduiteRow {
  readonly id: number;
  readonly etudid: number;
  readonly code_nip: string | null;
  readonly dept_id: number;
  readonly moduleimpl_id: number | null;
  readonly date_debut: number;
  readonly date_fin: number;
  readonly etat: number;
  readonly description: string | null;
  readonly entry_date: number;
  readonly user_id: number | null;
  readonly user_name: string | null;
  readonly user_nom: string | null;
  readonly user_prenom: string | null;
  readonly est_just: number | boolean;
  readonly external_data: string | null;
}

const COLS = [
  'a.id',
  'a.etudid',
  'e.code_nip',
  'e.dept_id',
  'a.moduleimpl_id',
  'a.date_debut',
  'a.date_fin',
  'a.etat',
  'a.description',
  'a.entry_date',
  'a.user_id',
  'acc.username as user_name',
  'u.nom as user_nom',
  'u.prenom as user_prenom',
  'a.est_just',
  'a.external_data',
] as const;

function select(db: Kysely<any>): SelectQueryBuilder<any, any, AssiduiteRow> {
  return db
    .selectFrom('sco_assiduite as a')
    .innerJoin('sco_etudiant as e', 'e.id', 'a.etudid')
    .leftJoin('sco_user as u', 'u.id', 'a.user_id')
    .leftJoin('accounts as acc', 'acc.id', 'a.user_id')
    .select(COLS) as any;
}

/** AS12: oldest first. */
function ordered<Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q {
  return q.orderBy('a.date_debut').orderBy('a.date_fin').orderBy('a.id') as Q;
}

const byId = defineQuery<{ id: number }, AssiduiteRow>('scodoc.assiduiteById', (db) =>
  select(db).where('a.id', '=', param('id')),
);
/** A record's own columns: lists read these, then `fillNames` adds the student's and author's fields. */
function lean(db: Kysely<any>) {
  return db
    .selectFrom('sco_assiduite as a')
    .select([
      'a.id',
      'a.etudid',
      'a.moduleimpl_id',
      'a.date_debut',
      'a.date_fin',
      'a.etat',
      'a.description',
      'a.entry_date',
      'a.user_id',
      'a.est_just',
      'a.external_data',
    ]);
}

const ofEtud = defineQuery<{ etudid: number }, AssiduiteRow>('scodoc.assiduitesOfEtud', (db) =>
  ordered(lean(db).where('a.etudid', '=', param('etudid'))),
);
/** Records of the students inscribed in a formsemestre that overlap [from, to[. */
const ofFormsemestre = defineQuery<{ fs: number; from: number; to: number }, AssiduiteRow>(
  'scodoc.assiduitesOfFormsemestre',
  (db) =>
    ordered(
      lean(db)
        .innerJoin('sco_inscription as ins', 'ins.etudid', 'a.etudid')
        .where('ins.formsemestre_id', '=', param('fs'))
        .where('a.date_fin', '>', param('from'))
        .where('a.date_debut', '<', param('to')),
    ),
);

export interface CountRow {
  readonly etudid: number;
  readonly date_debut: number;
  readonly date_fin: number;
  readonly etat: number;
  readonly est_just: number;
  readonly moduleimpl_id: number | null;
  readonly user_id: number | null;
}

/** Only what counting needs, for the formsemestre counts (12 000 rows in the bench). */
const countRowsOfFormsemestre = defineQuery<{ fs: number; from: number; to: number }, CountRow>(
  'scodoc.assiduiteCountRowsOfFormsemestre',
  (db) =>
    db
      .selectFrom('sco_assiduite as a')
      .innerJoin('sco_inscription as ins', 'ins.etudid', 'a.etudid')
      .select(['a.etudid', 'a.date_debut', 'a.date_fin', 'a.etat', 'a.est_just', 'a.moduleimpl_id', 'a.user_id'])
      .where('ins.formsemestre_id', '=', param('fs'))
      .where('a.date_fin', '>', param('from'))
      .where('a.date_debut', '<', param('to')),
);

export function assiduiteById(db: Database, id: number) {
  return db.statements.first(byId, { id });
}

export async function assiduitesOfEtud(db: Database, etudid: number) {
  return fillNames(db, await db.statements.all(ofEtud, { etudid }));
}

/** The records of several students (`assiduites/group/query`): one statement. */
export async function assiduitesOfEtuds(db: Database, etudids: readonly number[]) {
  if (etudids.length === 0) return [];
  const rows = (await ordered(lean(db.kysely).where('a.etudid', 'in', [...etudids])).execute()) as AssiduiteRow[];
  return fillNames(db, rows);
}

export async function assiduitesOfFormsemestre(db: Database, fs: number, from: number, to: number) {
  return fillNames(db, await db.statements.all(ofFormsemestre, { fs, from, to }), await inscritNamesOf(db, fs));
}

export function countRowsOf(db: Database, fs: number, from: number, to: number) {
  return db.statements.all(countRowsOfFormsemestre, { fs, from, to });
}

/** Several records by id (batch edit/delete), any student. */
export function assiduitesByIds(db: Kysely<any>, ids: readonly number[]): Promise<AssiduiteRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return select(db)
    .where('a.id', 'in', [...ids])
    .execute() as Promise<AssiduiteRow[]>;
}

/** The existing periods of some students that overlap [from, to[ (overlap checks inside the write transaction). */
export function periodsOf(db: Kysely<any>, etudids: readonly number[], from: number, to: number) {
  if (etudids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sco_assiduite')
    .select(['id', 'etudid', 'date_debut', 'date_fin'])
    .where('etudid', 'in', [...etudids])
    .where('date_debut', '<', to)
    .where('date_fin', '>', from)
    .execute() as Promise<{ id: number; etudid: number; date_debut: number; date_fin: number }[]>;
}

export function insertAssiduites(db: Kysely<any>, rows: readonly Record<string, unknown>[]): Promise<number[]> {
  if (rows.length === 0) return Promise.resolve([]);
  return (async () => {
    const ids: number[] = [];
    // Parameter limits of both dialects: 10 columns × 300 rows stays well under them.
    for (let i = 0; i < rows.length; i += 300) {
      const out = await db
        .insertInto('sco_assiduite')
        .values(rows.slice(i, i + 300) as Record<string, unknown>[])
        .returning('id')
        .execute();
      for (const r of out) ids.push(Number(r.id));
    }
    return ids;
  })();
}

export async function updateAssiduite(db: Kysely<any>, id: number, values: Record<string, unknown>) {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('sco_assiduite').set(values).where('id', '=', id).execute();
}

export async function deleteAssiduites(db: Kysely<any>, ids: readonly number[]) {
  if (ids.length === 0) return;
  await db
    .deleteFrom('sco_assiduite')
    .where('id', 'in', [...ids])
    .execute();
}

/** Moduleimpls by id, with their formsemestre, department and the formsemestre's dates. */
export function moduleimplsByIds(db: Kysely<any>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sco_moduleimpl as mi')
    .innerJoin('sco_formsemestre as fs', 'fs.id', 'mi.formsemestre_id')
    .select(['mi.id', 'mi.formsemestre_id', 'fs.dept_id'])
    .where('mi.id', 'in', [...ids])
    .execute() as Promise<{ id: number; formsemestre_id: number; dept_id: number }[]>;
}

/** Which of some students are inscribed in which of some moduleimpls. */
export function moduleimplInscriptions(db: Kysely<any>, etudids: readonly number[], moduleimplIds: readonly number[]) {
  if (etudids.length === 0 || moduleimplIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sco_moduleimpl_inscription')
    .select(['moduleimpl_id', 'etudid'])
    .where('moduleimpl_id', 'in', [...moduleimplIds])
    .where('etudid', 'in', [...etudids])
    .execute() as Promise<{ moduleimpl_id: number; etudid: number }[]>;
}

export interface InscriptionPeriod {
  readonly etudid: number;
  readonly formsemestre_id: number;
  readonly date_debut: string;
  readonly date_fin: string;
}

/** The formsemestres (and their dates) of some students. */
export function inscriptionPeriods(db: Kysely<any>, etudids: readonly number[]): Promise<InscriptionPeriod[]> {
  if (etudids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sco_inscription as i')
    .innerJoin('sco_formsemestre as fs', 'fs.id', 'i.formsemestre_id')
    .select(['i.etudid', 'i.formsemestre_id', 'fs.date_debut', 'fs.date_fin'])
    .where('i.etudid', 'in', [...etudids])
    .execute() as Promise<InscriptionPeriod[]>;
}

/** Students (id, department) by etudid, for batch items naming theirs. */
export function etudiantsByIds(db: Kysely<any>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sco_etudiant')
    .select(['id', 'dept_id'])
    .where('id', 'in', [...ids])
    .execute() as Promise<{ id: number; dept_id: number }[]>;
}

/** etudids of a group's members (`group_id` filter, `assiduites/group/query`). */
export function membersOfGroup(db: Kysely<any>, groupId: number) {
  return db.selectFrom('sco_group_member').select('etudid').where('group_id', '=', groupId).execute() as Promise<
    { etudid: number }[]
  >;
}
