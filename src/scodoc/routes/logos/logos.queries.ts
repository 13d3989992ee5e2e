/** Site logos (dept_id 0) and department logos, stored with their real image type (scodoc.md §2.1). */
import type { Kysely } from 'kysely';

export const SITE = 0;

export function logoNames(db: Kysely<any>, deptId: number): Promise<string[]> {
  return db
    .selectFrom('sco_logo')
    .select('name')
    .where('dept_id', '=', deptId)
    .orderBy('name')
    .execute()
    .then((rows) => rows.map((r) => r.name as string));
}

export function logoOf(db: Kysely<any>, deptId: number, name: string) {
  return db
    .selectFrom('sco_logo')
    .select(['mime', 'data'])
    .where('dept_id', '=', deptId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Sets (or replaces) a logo: used by `campus scodoc logo set`. */
export async function setLogo(
  db: Kysely<any>,
  deptId: number,
  name: string,
  mime: string,
  data: Buffer,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sco_logo').where('dept_id', '=', deptId).where('name', '=', name).execute();
    await trx.insertInto('sco_logo').values({ dept_id: deptId, name, mime, data }).execute();
  });
}

export async function deleteLogo(db: Kysely<any>, deptId: number, name: string): Promise<boolean> {
  const r = await db.deleteFrom('sco_logo').where('dept_id', '=', deptId).where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
