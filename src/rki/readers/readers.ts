/**
 * Reader writes, shared by the routes and the CSV import: add, edit, block, restore. A reader is a
 * Campus account (login = normalised email, argon2id password) plus its РКИ row; every change is one
 * transaction with its audit row (who, which reader, from where; never field values).
 */
import type { Kysely } from 'kysely';
import { AccountExistsError, createAccount, normalizeEmail, setPassword } from '../../auth/accounts.js';
import { audit } from '../../auth/audit.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { RkiError } from '../errors.js';
import { nextOrgSeq } from '../orgs/orgs.queries.js';
import type { ReaderRow } from '../tables.js';
import {
  emailTaken,
  insertReader,
  type ReaderForUpdate,
  type ReaderUpdate,
  readerForUpdate,
  setBlocked,
  setRestored,
  updateAccountEmail,
  updateReader,
} from './readers.queries.js';

export interface ReaderActionContext {
  readonly db: Database;
  readonly config: Config;
  readonly orgId: number;
  /** `org:<id>` for API calls, `cli` for the import. */
  readonly actor: string;
  readonly ip: string | null;
  /** YYYY-MM-DD in the РКИ time zone. */
  readonly today: string;
}

/** Optional fields of a reader, as validated by the edit rule set (wire names). */
export interface ReaderChanges {
  readonly fullname?: string;
  readonly email?: string;
  readonly password?: string;
  readonly user_type?: number | null;
  readonly class?: number | null;
  readonly specialty?: string | null;
  readonly group?: string | null;
  readonly facultet?: string | null;
  readonly department?: string | null;
  /** YYYY-MM-DD, or null to clear. */
  readonly blockedafter?: string | null;
}

export interface NewReader extends ReaderChanges {
  readonly email: string;
  readonly fullname: string;
  readonly password: string;
}

/** A unique-constraint violation on either database (a concurrent add of the same email). */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

async function taken<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AccountExistsError || isUniqueViolation(err)) throw new RkiError('RKI_ERR_EMAIL_TAKEN');
    throw err;
  }
}

/** Adds a reader inside `trx`; 409 when any account has the email (rki.md: unique platform-wide). */
export async function addReaderIn(trx: Kysely<any>, ctx: ReaderActionContext, input: NewReader): Promise<ReaderRow> {
  const username = normalizeEmail(input.email);
  const account = await taken(() =>
    createAccount(trx, { username, email: input.email, password: input.password }, ctx.config.argon2),
  );
  // The org row lock is taken after the account exists and before the reader id is drawn: ids and
  // org_seq then grow together within an organisation.
  const orgSeq = await nextOrgSeq(trx, ctx.orgId);
  const fields = {
    fullname: input.fullname,
    user_type: input.user_type ?? 4,
    class_no: input.class ?? 0,
    specialty: input.specialty ?? '',
    group_name: input.group ?? '',
    facultet: input.facultet ?? '',
    department: input.department ?? '',
    blocked: 0,
    blocked_after: input.blockedafter ?? null,
    registered_on: ctx.today,
  };
  const id = await taken(() =>
    insertReader(trx, {
      ...fields,
      org_id: ctx.orgId,
      account_id: account.id,
      org_seq: orgSeq,
      email_lc: input.email.toLowerCase(),
      username_lc: username.toLowerCase(),
      fullname_lc: input.fullname.toLowerCase(),
    }),
  );
  await audit(trx, { api: 'rki', actor: ctx.actor, action: 'user.add', target: String(id), ip: ctx.ip });
  return { id, username, email: input.email, ...fields };
}

export async function addReader(ctx: ReaderActionContext, input: NewReader): Promise<ReaderRow> {
  return ctx.db.kysely.transaction().execute((trx) => addReaderIn(trx, ctx, input));
}

/**
 * Applies the given changes to a loaded reader inside `trx`; fields equal to the current value are left
 * alone. Returns the reader as it now is and whether anything changed.
 */
export async function editReaderIn(
  trx: Kysely<any>,
  ctx: ReaderActionContext,
  current: ReaderForUpdate,
  changes: ReaderChanges,
): Promise<{ reader: ReaderRow; changed: boolean }> {
  const now = Date.now();
  let { username, email } = current;
  let changed = false;
  if (changes.email !== undefined && changes.email !== current.email) {
    const norm = normalizeEmail(changes.email);
    if (norm !== current.email_norm && (await emailTaken(trx, norm, current.account_id))) {
      throw new RkiError('RKI_ERR_EMAIL_TAKEN');
    }
    // rki.md, Username: the login follows the email while it still equals the old one.
    if (username === current.email_norm) username = norm;
    email = changes.email;
    await taken(() => updateAccountEmail(trx, current.account_id, { email, email_norm: norm, username }, now));
    changed = true;
  }
  if (changes.password !== undefined) {
    await setPassword(trx, current.account_id, changes.password, ctx.config.argon2, now);
    changed = true;
  }
  const wanted = {
    fullname: changes.fullname,
    user_type: changes.user_type === undefined ? undefined : (changes.user_type ?? 4),
    class_no: changes.class === undefined ? undefined : (changes.class ?? 0),
    specialty: changes.specialty === undefined ? undefined : (changes.specialty ?? ''),
    group_name: changes.group === undefined ? undefined : (changes.group ?? ''),
    facultet: changes.facultet === undefined ? undefined : (changes.facultet ?? ''),
    department: changes.department === undefined ? undefined : (changes.department ?? ''),
    blocked_after: changes.blockedafter,
  };
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(wanted)) {
    if (v !== undefined && v !== current[k as keyof ReaderRow]) set[k] = v;
  }
  if (set['fullname'] !== undefined) set['fullname_lc'] = String(set['fullname']).toLowerCase();
  if (email !== current.email) set['email_lc'] = email.toLowerCase();
  if (username !== current.username) set['username_lc'] = username.toLowerCase();
  if (Object.keys(set).length > 0) changed = true;
  await updateReader(trx, current.id, set as ReaderUpdate);
  if (changed) {
    await audit(trx, { api: 'rki', actor: ctx.actor, action: 'user.edit', target: String(current.id), ip: ctx.ip });
  }
  const { account_id: _a, email_norm: _e, ...base } = current;
  const reader = { ...base, ...(set as Partial<ReaderRow>), username, email };
  return { reader, changed };
}

/** Edits the organisation's reader `id`; 404 when it has none (other organisations' ids included). */
export async function editReader(ctx: ReaderActionContext, id: number, changes: ReaderChanges): Promise<ReaderRow> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const current = await readerForUpdate(trx, ctx.db.dialect, ctx.orgId, id);
    if (!current) throw new RkiError('RKI_ERR_USER_NOT_FOUND');
    return (await editReaderIn(trx, ctx, current, changes)).reader;
  });
}

/** Blocks the reader (idempotent). */
export async function blockReader(ctx: ReaderActionContext, id: number): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await setBlocked(trx, ctx.orgId, id))) throw new RkiError('RKI_ERR_USER_NOT_FOUND');
    await audit(trx, { api: 'rki', actor: ctx.actor, action: 'user.block', target: String(id), ip: ctx.ip });
  });
}

/** Restores the reader (idempotent): clears the flag and a subscription end already past. */
export async function restoreReader(ctx: ReaderActionContext, id: number): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await setRestored(trx, ctx.orgId, id, ctx.today))) throw new RkiError('RKI_ERR_USER_NOT_FOUND');
    await audit(trx, { api: 'rki', actor: ctx.actor, action: 'user.restore', target: String(id), ip: ctx.ip });
  });
}
