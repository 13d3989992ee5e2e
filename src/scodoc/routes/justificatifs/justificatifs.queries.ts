/** SQL of the justificatifs and their files (scodoc-assiduites.md §1.2, AS7). */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../../db/database.js';
import { defineQuery, param } from '../../../db/statements.js';
import { fillNames, inscritNamesOf } from '../assiduites/names.js';

export interface JustificatifRow {
  readonly id: number;
  readonly etudid: number;
  readonly code_nip: string | null;
  readonly dept_id: number;
  readonly date_debut: number;
  readonly date_fin: number;
  readonly etat: number;
  readonly raison: string | null;
  readonly entry_date: number;
  readonly user_id: number | null;
  readonly user_name: string | null;
  readonly user_nom: string | null;
  readonly user_prenom: string | null;
  readonly external_data: string | null;
  readonly nb_files: number;
}

function select(db: Kysely<any>): SelectQueryBuilder<any, any, JustificatifRow> {
  return db
    .selectFrom('sco_justificatif as j')
    .innerJoin('sco_etudiant as e', 'e.id', 'j.etudid')
    .leftJoin('sco_user as u', 'u.id', 'j.user_id')
    .leftJoin('accounts as acc', 'acc.id', 'j.user_id')
    .select([
      'j.id',
      'j.etudid',
      'e.code_nip',
      'e.dept_id',
      'j.date_debut',
      'j.date_fin',
      'j.etat',
      'j.raison',
      'j.entry_date',
      'j.user_id',
      'acc.username as user_name',
      'u.nom as user_nom',
      'u.prenom as user_prenom',
      'j.external_data',
      (eb) =>
        eb
          .selectFrom('sco_justificatif_file as f')
          .select((eb2) => eb2.fn.countAll().as('n'))
          .whereRef('f.justif_id', '=', 'j.id')
          .as('nb_files'),
    ]) as any;
}

/** AS12: oldest first (compat requirement 26). */
function ordered<Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q {
  return q.orderBy('j.date_debut').orderBy('j.date_fin').orderBy('j.id') as Q;
}

const byId = defineQuery<{ id: number }, JustificatifRow>('scodoc.justificatifById', (db) =>
  select(db).where('j.id', '=', param('id')),
);
/** A justificatif's own columns and its file count; `fillNames` adds the student's and author's fields. */
function lean(db: Kysely<any>) {
  return db.selectFrom('sco_justificatif as j').select([
    'j.id',
    'j.etudid',
    'j.date_debut',
    'j.date_fin',
    'j.etat',
    'j.raison',
    'j.entry_date',
    'j.user_id',
    'j.external_data',
    (eb) =>
      eb
        .selectFrom('sco_justificatif_file as f')
        .select((eb2) => eb2.fn.countAll().as('n'))
        .whereRef('f.justif_id', '=', 'j.id')
        .as('nb_files'),
  ]);
}

const ofEtud = defineQuery<{ etudid: number }, JustificatifRow>('scodoc.justificatifsOfEtud', (db) =>
  ordered(lean(db).where('j.etudid', '=', param('etudid'))),
);
const ofFormsemestre = defineQuery<{ fs: number; from: number; to: number }, JustificatifRow>(
  'scodoc.justificatifsOfFormsemestre',
  (db) =>
    ordered(
      lean(db)
        .innerJoin('sco_inscription as ins', 'ins.etudid', 'j.etudid')
        .where('ins.formsemestre_id', '=', param('fs'))
        .where('j.date_fin', '>', param('from'))
        .where('j.date_debut', '<', param('to')),
    ),
);
const ofDept = defineQuery<{ dept: number }, JustificatifRow>('scodoc.justificatifsOfDept', (db) =>
  ordered(lean(db).innerJoin('sco_etudiant as e', 'e.id', 'j.etudid').where('e.dept_id', '=', param('dept'))),
);

export function justificatifById(db: Database, id: number) {
  return db.statements.first(byId, { id });
}
export async function justificatifsOfEtud(db: Database, etudid: number) {
  return fillNames(db, await db.statements.all(ofEtud, { etudid }));
}
export async function justificatifsOfFormsemestre(db: Database, fs: number, from: number, to: number) {
  return fillNames(db, await db.statements.all(ofFormsemestre, { fs, from, to }), await inscritNamesOf(db, fs));
}
/** The justificatifs of several students: one statement. */
export async function justificatifsOfEtuds(db: Database, etudids: readonly number[]) {
  if (etudids.length === 0) return [];
  const rows = (await ordered(lean(db.kysely).where('j.etudid', 'in', [...etudids])).execute()) as JustificatifRow[];
  return fillNames(db, rows);
}

export async function justificatifsOfDept(db: Database, dept: number) {
  return fillNames(db, await db.statements.all(ofDept, { dept }));
}

export function justificatifsByIds(db: Kysely<any>, ids: readonly number[]): Promise<JustificatifRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return select(db)
    .where('j.id', 'in', [...ids])
    .execute() as Promise<JustificatifRow[]>;
}

export async function insertJustificatif(db: Kysely<any>, values: Record<string, unknown>): Promise<number> {
  const r = await db.insertInto('sco_justificatif').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateJustificatif(db: Kysely<any>, id: number, values: Record<string, unknown>) {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('sco_justificatif').set(values).where('id', '=', id).execute();
}

/** Rows and file bytes together (AS9: hard delete, one transaction; files cascade). */
export async function deleteJustificatifs(db: Kysely<any>, ids: readonly number[]) {
  if (ids.length === 0) return;
  await db
    .deleteFrom('sco_justificatif_file')
    .where('justif_id', 'in', [...ids])
    .execute();
  await db
    .deleteFrom('sco_justificatif')
    .where('id', 'in', [...ids])
    .execute();
}

/** ABSENT/RETARD records of a student lying entirely inside [debut, fin] (§4 coverage). */
export function coveredAssiduites(db: Kysely<any>, etudid: number, debut: number, fin: number) {
  return db
    .selectFrom('sco_assiduite')
    .select('id')
    .where('etudid', '=', etudid)
    .where('etat', '<>', 0)
    .where('date_debut', '>=', debut)
    .where('date_fin', '<=', fin)
    .orderBy('date_debut')
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => Number(r.id)));
}

/** Justificatifs of a student (any state) spanning [debut, fin] entirely. */
export function justificatifsCovering(db: Kysely<any>, etudid: number, debut: number, fin: number) {
  return db
    .selectFrom('sco_justificatif')
    .select('id')
    .where('etudid', '=', etudid)
    .where('date_debut', '<=', debut)
    .where('date_fin', '>=', fin)
    .orderBy('date_debut')
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => Number(r.id)));
}

export interface FileMeta {
  readonly id: number;
  readonly filename: string;
  readonly mime: string;
  readonly size: number;
  readonly user_id: number | null;
}

export function filesOf(db: Kysely<any>, justifId: number): Promise<FileMeta[]> {
  return db
    .selectFrom('sco_justificatif_file')
    .select(['id', 'filename', 'mime', 'size', 'user_id'])
    .where('justif_id', '=', justifId)
    .orderBy('filename')
    .execute() as Promise<FileMeta[]>;
}

export function fileData(db: Kysely<any>, justifId: number, filename: string) {
  return db
    .selectFrom('sco_justificatif_file')
    .select(['filename', 'mime', 'data'])
    .where('justif_id', '=', justifId)
    .where('filename', '=', filename)
    .executeTakeFirst() as Promise<{ filename: string; mime: string; data: Uint8Array } | undefined>;
}

/** Same name replaces (AS7). */
export async function putFile(
  db: Kysely<any>,
  f: {
    justif_id: number;
    filename: string;
    mime: string;
    data: Buffer;
    sha256: string;
    user_id: number;
    uploaded_at: number;
  },
) {
  await db
    .deleteFrom('sco_justificatif_file')
    .where('justif_id', '=', f.justif_id)
    .where('filename', '=', f.filename)
    .execute();
  await db
    .insertInto('sco_justificatif_file')
    .values({ ...f, size: f.data.length })
    .execute();
}

export async function removeFiles(db: Kysely<any>, justifId: number, filenames: readonly string[] | 'all') {
  let q = db.deleteFrom('sco_justificatif_file').where('justif_id', '=', justifId);
  if (filenames !== 'all') q = q.where('filename', 'in', filenames.length ? [...filenames] : ['']);
  await q.execute();
}
