import type { Kysely } from 'kysely';
import type { DepartementRow } from './departements.present.js';

const COLS = ['id', 'acronym', 'dept_name', 'description', 'visible', 'date_creation'] as const;

/** Départements in scope (null = all), by acronym (scodoc.md D28). */
export function listDepartements(db: Kysely<any>, scope: number[] | null): Promise<DepartementRow[]> {
  let q = db.selectFrom('sco_departement').select(COLS).orderBy('acronym');
  if (scope !== null) q = q.where('id', 'in', scope.length ? scope : [-1]);
  return q.execute();
}

export function departementBy(db: Kysely<any>, key: { id: number } | { acronym: string }) {
  const q = db.selectFrom('sco_departement').select(COLS);
  return (
    'id' in key ? q.where('id', '=', key.id) : q.where('acronym', '=', key.acronym)
  ).executeTakeFirst() as Promise<DepartementRow | undefined>;
}

export async function insertDepartement(
  db: Kysely<any>,
  d: { acronym: string; dept_name: string | null; description: string | null; visible: boolean },
  now = Date.now(),
): Promise<number> {
  const row = await db
    .insertInto('sco_departement')
    .values({ ...d, visible: d.visible ? 1 : 0, date_creation: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export function updateDepartement(
  db: Kysely<any>,
  id: number,
  set: { visible?: boolean; description?: string | null; dept_name?: string | null },
) {
  const values: Record<string, unknown> = {};
  if (set.visible !== undefined) values.visible = set.visible ? 1 : 0;
  if (set.description !== undefined) values.description = set.description;
  if (set.dept_name !== undefined) values.dept_name = set.dept_name;
  if (Object.keys(values).length === 0) return Promise.resolve();
  return db.updateTable('sco_departement').set(values).where('id', '=', id).execute();
}

/** Deletes a department and everything in it, in one transaction (foreign keys cascade; logos by hand). */
export async function deleteDepartement(db: Kysely<any>, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sco_logo').where('dept_id', '=', id).execute();
    await trx.deleteFrom('sco_departement').where('id', '=', id).execute();
  });
}
