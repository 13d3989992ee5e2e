/**
 * Accounts: one login per person across Campus. Each API maps accounts to its own model
 * (ScoDoc users and roles, РКИ readers, service-mode token holders).
 */
import type { Kysely } from 'kysely';
import type { Argon2Params } from '../config.js';
import type { Database } from '../db/database.js';
import { hashPassword, verifyPassword } from './password.js';
import { revokeAllTokens } from './tokens.js';

export interface Account {
  readonly id: number;
  readonly username: string;
  readonly email: string | null;
  readonly active: boolean;
}

/** Trimmed and lower-cased: the form in which emails are compared (rki.md, "Email identity"). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class AccountExistsError extends Error {
  constructor(readonly field: 'username' | 'email') {
    super(`an account with this ${field} already exists`);
  }
}

export interface NewAccount {
  readonly username: string;
  readonly email?: string | null;
  /** Plain password, hashed here; null for an account that cannot log in with a password. */
  readonly password?: string | null;
  readonly active?: boolean;
}

/** Creates an account inside the given transaction (or the database); throws AccountExistsError. */
export async function createAccount(
  trx: Kysely<any>,
  input: NewAccount,
  argon2: Argon2Params,
  now = Date.now(),
): Promise<Account> {
  const emailNorm = input.email ? normalizeEmail(input.email) : null;
  const taken = await trx
    .selectFrom('accounts')
    .select(['username', 'email_norm'])
    .where((eb) =>
      emailNorm
        ? eb.or([eb('username', '=', input.username), eb('email_norm', '=', emailNorm)])
        : eb('username', '=', input.username),
    )
    .executeTakeFirst();
  if (taken) throw new AccountExistsError(emailNorm && taken.email_norm === emailNorm ? 'email' : 'username');
  const passwordHash = input.password ? await hashPassword(input.password, argon2) : null;
  const row = await trx
    .insertInto('accounts')
    .values({
      username: input.username,
      email: input.email ?? null,
      email_norm: emailNorm,
      password_hash: passwordHash,
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), username: input.username, email: input.email ?? null, active: input.active !== false };
}

export async function findAccountByUsername(db: Kysely<any>, username: string): Promise<Account | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select(['id', 'username', 'email', 'active'])
    .where('username', '=', username)
    .executeTakeFirst();
  return row
    ? { id: Number(row.id), username: row.username, email: row.email, active: Boolean(row.active) }
    : undefined;
}

/** Checks a username and password; inactive accounts never pass. Same cost whether the user exists or not. */
export async function verifyCredentials(
  db: Database,
  username: string,
  password: string,
  argon2: Argon2Params,
): Promise<Account | null> {
  const row = await db.kysely
    .selectFrom('accounts')
    .select(['id', 'username', 'email', 'active', 'password_hash'])
    .where('username', '=', username)
    .executeTakeFirst();
  const ok = await verifyPassword(row?.password_hash, password, argon2);
  if (!row || !ok || !row.active) return null;
  return { id: Number(row.id), username: row.username, email: row.email, active: true };
}

/** Sets a new password and revokes every token of the account (scodoc.md D3). */
export async function setPassword(
  trx: Kysely<any>,
  accountId: number,
  password: string,
  argon2: Argon2Params,
  now = Date.now(),
): Promise<void> {
  const passwordHash = await hashPassword(password, argon2);
  await trx
    .updateTable('accounts')
    .set({ password_hash: passwordHash, updated_at: now })
    .where('id', '=', accountId)
    .execute();
  await revokeAllTokens(trx, accountId, now);
}

/** Activates or deactivates an account; deactivation revokes its tokens. */
export async function setActive(trx: Kysely<any>, accountId: number, active: boolean, now = Date.now()) {
  await trx
    .updateTable('accounts')
    .set({ active: active ? 1 : 0, updated_at: now })
    .where('id', '=', accountId)
    .execute();
  if (!active) await revokeAllTokens(trx, accountId, now);
}
