/**
 * Who is calling: a personal API token (`Authorization: Bearer`, kind 'sm', 64 hex digits shown once) mapped
 * to its account, the account's admin flag and workgroup memberships. Hot path: two cached statements
 * (token, caller) and at most one write a minute (lastUsedAt).
 */
import { sql } from 'kysely';
import { verifyCredentials } from '../auth/accounts.js';
import { available, consume } from '../auth/rate-limit.js';
import { findLiveToken, touchToken } from '../auth/tokens.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { param } from '../db/statements.js';
import { SmError, type SmErrorCode } from './errors.js';
import type { Caller } from './permissions.js';
import { rawQuery } from './raw-query.js';

const callerDef = rawQuery<{ acc: number }, { admin: number; wgs: number; edit_wgs: number }>(
  'sm.caller',
  () => sql`select
      (select count(*) from sm_admins where account_id = ${param('acc')}) as admin,
      (select count(*) from sm_memberships where account_id = ${param('acc')}) as wgs,
      (select count(*) from sm_memberships where account_id = ${param('acc')} and role = 'Edit') as edit_wgs`,
);

export async function loadCaller(db: Database, accountId: number, username: string): Promise<Caller> {
  const r = (await db.statements.first(callerDef, { acc: accountId }))!;
  return {
    accountId,
    username,
    admin: Number(r.admin) > 0,
    memberships: Number(r.wgs),
    editMemberships: Number(r.edit_wgs),
  };
}

/** The caller of a Bearer token, or the route's 401. */
export async function callerFromBearer(
  db: Database,
  header: string | undefined,
  now: number,
  unauthorized: SmErrorCode,
): Promise<Caller> {
  const m = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  if (!m) throw new SmError(unauthorized);
  const stored = await findLiveToken(db, 'sm', m[1], now);
  if (!stored) throw new SmError(unauthorized);
  await touchToken(db, stored, now);
  return loadCaller(db, stored.accountId, stored.username);
}

/** Failed password attempts per client address (token routes accept HTTP Basic). */
const BASIC_FAILURES = { ratePerSecond: 1 / 6, burst: 10 };

/** Token self-service routes: HTTP Basic with the account password, or a live token of the account. */
export async function callerFromBasicOrBearer(
  db: Database,
  config: Config,
  header: string | undefined,
  ip: string,
  now: number,
): Promise<Caller> {
  const basic = header ? /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header) : null;
  if (!basic) return callerFromBearer(db, header, now, 'SM_ERR_UNAUTHORIZED');
  const key = `sm-basic:${ip}`;
  if (!(await available(db, key, BASIC_FAILURES, now))) throw new SmError('SM_ERR_TOO_MANY_ATTEMPTS');
  const text = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  const account =
    colon > 0 ? await verifyCredentials(db, text.slice(0, colon), text.slice(colon + 1), config.argon2) : null;
  if (!account) {
    await consume(db, key, BASIC_FAILURES, now);
    throw new SmError('SM_ERR_UNAUTHORIZED');
  }
  return loadCaller(db, account.id, account.username);
}
