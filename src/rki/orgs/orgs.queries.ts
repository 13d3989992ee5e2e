/** SQL of РКИ organisations. */
import type { Kysely } from 'kysely';
import { defineQuery, param } from '../../db/statements.js';
import type { RkiOrgRow } from '../tables.js';

export type OrgAuthRow = Pick<RkiOrgRow, 'id' | 'secret_sealed' | 'user_count'>;

/** Hot: every request looks its organisation up (secret for the JWT, user count for the list total). */
export const orgForAuth = defineQuery<{ id: number }, OrgAuthRow>('rki_org_for_auth', (db) =>
  db.selectFrom('rki_orgs').select(['id', 'secret_sealed', 'user_count']).where('id', '=', param('id')),
);

export async function insertOrg(trx: Kysely<any>, name: string, keyVersion: number, now: number): Promise<number> {
  const row = await trx
    .insertInto('rki_orgs')
    .values({ name, secret_sealed: '', key_version: keyVersion, user_count: 0, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function setOrgSecret(trx: Kysely<any>, id: number, sealed: string): Promise<void> {
  await trx.updateTable('rki_orgs').set({ secret_sealed: sealed }).where('id', '=', id).execute();
}

export async function findOrg(db: Kysely<any>, id: number): Promise<RkiOrgRow | undefined> {
  const row = await db.selectFrom('rki_orgs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ({ ...row, id: Number(row.id), user_count: Number(row.user_count) } as RkiOrgRow) : undefined;
}

/** Takes the organisation's next reader number (its row lock also orders concurrent inserts). */
export async function nextOrgSeq(trx: Kysely<any>, orgId: number, count = 1): Promise<number> {
  const row = await trx
    .updateTable('rki_orgs')
    .set((eb) => ({ user_count: eb('user_count', '+', count) }))
    .where('id', '=', orgId)
    .returning('user_count')
    .executeTakeFirstOrThrow();
  return Number(row.user_count) - count + 1;
}
