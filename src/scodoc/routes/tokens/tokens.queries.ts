/**
 * ScoDoc tokens (scodoc.md D1–D3): 32 base64 characters = the first 24 bytes of
 * HMAC-SHA256(server key, user id ‖ nonce). Only the SHA-256 of the token, its expiry and the nonce are
 * stored, so a token can be derived again for reuse (the user's newest live token is returned while
 * more than 60 s remain) but never sits in the database.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertToken } from '../../../auth/tokens.js';

const REUSE_MARGIN_MS = 60_000;

export function deriveToken(serverKey: Buffer, userId: number, nonce: string): string {
  return createHmac('sha256', serverKey)
    .update(`scodoc-token\0${userId}\0${nonce}`)
    .digest()
    .subarray(0, 24)
    .toString('base64');
}

export async function issueToken(
  db: Kysely<any>,
  serverKey: Buffer,
  userId: number,
  ttlSeconds: number,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const live = await db
    .selectFrom('api_tokens')
    .select(['nonce', 'expires_at'])
    .where('account_id', '=', userId)
    .where('kind', '=', 'scodoc')
    .where('revoked_at', 'is', null)
    .where('nonce', 'is not', null)
    .where('expires_at', '>', now + REUSE_MARGIN_MS)
    .orderBy('expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (live) return { token: deriveToken(serverKey, userId, live.nonce), expiresAt: Number(live.expires_at) };
  const nonce = randomBytes(16).toString('hex');
  const token = deriveToken(serverKey, userId, nonce);
  const expiresAt = now + ttlSeconds * 1000;
  await insertToken(db, { accountId: userId, kind: 'scodoc', token, nonce, expiresAt }, now);
  await db.updateTable('sco_user').set({ last_seen: now }).where('id', '=', userId).execute();
  return { token, expiresAt };
}
