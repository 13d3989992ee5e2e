/**
 * Personal API tokens of the service-modes API (service-modes.md, Campus decisions: tokens): 32 random bytes
 * shown once as 64 uppercase hex digits, only the SHA-256 stored (src/auth/tokens.ts, kind 'sm'),
 * description, expiry (default 365 days), revocation. Used by `campus token …` and the account routes.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertToken, revokeToken } from '../auth/tokens.js';

export const DEFAULT_TOKEN_DAYS = 365;

export interface PersonalToken {
  readonly id: number;
  readonly description: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
}

export async function createPersonalToken(
  db: Kysely<any>,
  accountId: number,
  opts: { expiresAt: number; description?: string | null },
  now = Date.now(),
): Promise<{ id: number; token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('hex').toUpperCase();
  const id = await insertToken(
    db,
    { accountId, kind: 'sm', token, expiresAt: opts.expiresAt, description: opts.description ?? null },
    now,
  );
  return { id, token, expiresAt: opts.expiresAt };
}

export async function listPersonalTokens(db: Kysely<any>, accountId: number): Promise<PersonalToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'description', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .where('kind', '=', 'sm')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    description: r.description,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  }));
}

/** Revokes a personal token; with `accountId`, only one of that account's. False when none matched. */
export async function revokePersonalToken(
  db: Kysely<any>,
  id: number,
  accountId?: number,
  now = Date.now(),
): Promise<boolean> {
  let q = db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('id', '=', id).where('kind', '=', 'sm');
  if (accountId !== undefined) q = q.where('account_id', '=', accountId);
  const row = await q.executeTakeFirst();
  if (!row) return false;
  await revokeToken(db, id, now);
  return true;
}

/** `--expires`: an ISO date, or a number of days from now. */
export function parseExpiry(raw: string | undefined, now = Date.now()): number | undefined {
  if (raw === undefined) return now + DEFAULT_TOKEN_DAYS * 86_400_000;
  if (/^\d{1,5}$/.test(raw)) return Number(raw) > 0 ? now + Number(raw) * 86_400_000 : undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) || ms <= now ? undefined : ms;
}
