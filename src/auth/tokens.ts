/**
 * API tokens, stored only as SHA-256 hashes. Tokens are high-entropy random strings, so a fast hash is
 * enough (no slow hash); lookup is by the hash's unique index and the stored hash is then compared in
 * constant time. Each API decides its token's shape and lifetime ('scodoc': 32 base64 chars, 1 h;
 * 'sm': 64 hex chars, long-lived personal tokens).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { defineQuery, param } from '../db/statements.js';

export type TokenKind = 'scodoc' | 'sm';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface StoredToken {
  readonly id: number;
  readonly accountId: number;
  readonly username: string;
  readonly expiresAt: number;
  readonly lastUsedAt: number | null;
}

export interface NewToken {
  readonly accountId: number;
  readonly kind: TokenKind;
  readonly token: string;
  readonly expiresAt: number;
  readonly nonce?: string | null;
  readonly description?: string | null;
}

export async function insertToken(trx: Kysely<any>, t: NewToken, now = Date.now()): Promise<number> {
  const row = await trx
    .insertInto('api_tokens')
    .values({
      account_id: t.accountId,
      kind: t.kind,
      token_hash: hashToken(t.token),
      nonce: t.nonce ?? null,
      description: t.description ?? null,
      created_at: now,
      expires_at: t.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

const tokenByHash = defineQuery<
  { hash: string; kind: string },
  {
    id: number;
    account_id: number;
    username: string;
    token_hash: string;
    expires_at: number;
    last_used_at: number | null;
  }
>('auth.tokenByHash', (db) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.id', 't.account_id', 'a.username', 't.token_hash', 't.expires_at', 't.last_used_at'])
    .where('t.token_hash', '=', param('hash'))
    .where('t.kind', '=', param('kind'))
    .where('t.revoked_at', 'is', null)
    .where('a.active', '=', 1),
);

/** The live token (not expired, not revoked, active account) matching `token`, or undefined. Hot path. */
export async function findLiveToken(
  db: Database,
  kind: TokenKind,
  token: string,
  now = Date.now(),
): Promise<StoredToken | undefined> {
  const hash = hashToken(token);
  const row = await db.statements.first(tokenByHash, { hash, kind });
  if (!row || row.expires_at < now) return undefined;
  if (!timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    username: row.username,
    expiresAt: Number(row.expires_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}

export async function revokeToken(trx: Kysely<any>, id: number, now = Date.now()): Promise<void> {
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeAllTokens(trx: Kysely<any>, accountId: number, now = Date.now()): Promise<void> {
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Records use at most once a minute, so reading with a token does not mean a write per request. */
export async function touchToken(db: Database, t: StoredToken, now = Date.now()): Promise<void> {
  if (t.lastUsedAt !== null && now - t.lastUsedAt < 60_000) return;
  await db.kysely.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
}
