/** SQL of reader writes (add, edit, block, restore, import); the hot reads are in routes/users. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database.js';
import type { ReaderRow } from '../tables.js';

export interface ReaderForUpdate extends ReaderRow {
  readonly account_id: number;
  readonly email_norm: string;
}

const COLUMNS = [
  'u.id',
  'u.account_id',
  'a.username',
  'a.email',
  'a.email_norm',
  'u.fullname',
  'u.blocked',
  'u.user_type',
  'u.class_no',
  'u.specialty',
  'u.group_name',
  'u.facultet',
  'u.department',
  'u.registered_on',
  'u.blocked_after',
] as const;

function toReader(row: any): ReaderForUpdate {
  return { ...row, id: Number(row.id), account_id: Number(row.account_id) };
}

/** The reader with its account, locked for the transaction on PostgreSQL. */
export async function readerForUpdate(
  trx: Kysely<any>,
  dialect: Dialect,
  orgId: number,
  id: number,
): Promise<ReaderForUpdate | undefined> {
  const q = trx
    .selectFrom('rki_users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(COLUMNS)
    .where('u.id', '=', id)
    .where('u.org_id', '=', orgId);
  const row = await (dialect === 'postgres' ? q.forUpdate('u') : q).executeTakeFirst();
  return row ? toReader(row) : undefined;
}

/** The organisation's reader with this normalised email, if any (import: create or update). */
export async function readerByEmail(
  trx: Kysely<any>,
  orgId: number,
  emailNorm: string,
): Promise<ReaderForUpdate | undefined> {
  const row = await trx
    .selectFrom('rki_users as u')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(COLUMNS)
    .where('a.email_norm', '=', emailNorm)
    .where('u.org_id', '=', orgId)
    .executeTakeFirst();
  return row ? toReader(row) : undefined;
}

/** True when an account other than `exceptId` has this email or login (emails are unique platform-wide). */
export async function emailTaken(trx: Kysely<any>, emailNorm: string, exceptId: number | null): Promise<boolean> {
  let q = trx
    .selectFrom('accounts')
    .select('id')
    .where((eb) => eb.or([eb('email_norm', '=', emailNorm), eb('username', '=', emailNorm)]));
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export interface ReaderInsert {
  readonly org_id: number;
  readonly account_id: number;
  readonly org_seq: number;
  readonly fullname: string;
  readonly user_type: number;
  readonly class_no: number;
  readonly specialty: string;
  readonly group_name: string;
  readonly facultet: string;
  readonly department: string;
  readonly blocked: number;
  readonly blocked_after: string | null;
  readonly registered_on: string;
  readonly email_lc: string;
  readonly username_lc: string;
  readonly fullname_lc: string;
}

export async function insertReader(trx: Kysely<any>, row: ReaderInsert): Promise<number> {
  const r = await trx.insertInto('rki_users').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export type ReaderUpdate = Partial<
  Pick<
    ReaderInsert,
    | 'fullname'
    | 'user_type'
    | 'class_no'
    | 'specialty'
    | 'group_name'
    | 'facultet'
    | 'department'
    | 'blocked'
    | 'blocked_after'
    | 'email_lc'
    | 'username_lc'
    | 'fullname_lc'
  >
>;

export async function updateReader(trx: Kysely<any>, id: number, set: ReaderUpdate): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('rki_users').set(set).where('id', '=', id).execute();
}

export async function updateAccountEmail(
  trx: Kysely<any>,
  accountId: number,
  set: { email: string; email_norm: string; username?: string },
  now: number,
): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ ...set, updated_at: now })
    .where('id', '=', accountId)
    .execute();
}

/** Sets the block flag; false when the organisation has no such reader. */
export async function setBlocked(trx: Kysely<any>, orgId: number, id: number): Promise<boolean> {
  const r = await trx
    .updateTable('rki_users')
    .set({ blocked: 1 })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Clears the flag and a `blocked_after` already past (rki.md: restore makes the account usable). */
export async function setRestored(trx: Kysely<any>, orgId: number, id: number, today: string): Promise<boolean> {
  const r = await trx
    .updateTable('rki_users')
    .set((eb) => ({
      blocked: 0,
      blocked_after: eb.case().when('blocked_after', '<', today).then(null).else(eb.ref('blocked_after')).end(),
    }))
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function accountPasswordHash(trx: Kysely<any>, accountId: number): Promise<string | null> {
  const row = await trx.selectFrom('accounts').select('password_hash').where('id', '=', accountId).executeTakeFirst();
  return row?.password_hash ?? null;
}
