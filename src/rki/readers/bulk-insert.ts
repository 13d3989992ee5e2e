/**
 * Bulk insert of readers for the demo seeder and the benchmark data set: many rows per statement, one
 * transaction per chunk, one argon2id hash shared by all (hashing 100 000 passwords would take half an
 * hour). Not for real readers: those go through addReader (own hash, audit row).
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { nextOrgSeq } from '../orgs/orgs.queries.js';

export interface BulkReader {
  readonly email: string;
  readonly fullname: string;
  readonly user_type?: number;
  readonly department?: string;
  /** YYYY-MM-DD */
  readonly blocked_after?: string | null;
  readonly blocked?: boolean;
}

export async function bulkInsertReaders(
  db: Database,
  orgId: number,
  readers: readonly BulkReader[],
  passwordHash: string,
  registeredOn: string,
  onChunk?: (done: number) => void,
): Promise<void> {
  const chunk = 500;
  const now = Date.now();
  for (let start = 0; start < readers.length; start += chunk) {
    const part = readers.slice(start, start + chunk);
    await db.kysely.transaction().execute(async (trx) => {
      const accounts = part.map((r) => ({
        username: r.email.toLowerCase(),
        email: r.email,
        email_norm: r.email.toLowerCase(),
        password_hash: passwordHash,
        active: 1,
        created_at: now,
        updated_at: now,
      }));
      await trx.insertInto('accounts').values(accounts).execute();
      const ids = await trx
        .selectFrom('accounts')
        .select(['id', 'email_norm'])
        .where(
          'email_norm',
          'in',
          accounts.map((a) => a.email_norm),
        )
        .execute();
      const idOf = new Map(ids.map((r) => [r.email_norm as string, Number(r.id)]));
      const firstSeq = await nextOrgSeq(trx, orgId, part.length);
      await trx
        .insertInto('rki_users')
        .values(
          part.map((r, i) => ({
            org_id: orgId,
            account_id: idOf.get(r.email.toLowerCase())!,
            org_seq: firstSeq + i,
            fullname: r.fullname,
            user_type: r.user_type ?? 4,
            department: r.department ?? '',
            blocked: r.blocked ? 1 : 0,
            blocked_after: r.blocked_after ?? null,
            registered_on: registeredOn,
            email_lc: r.email.toLowerCase(),
            username_lc: r.email.toLowerCase(),
            fullname_lc: r.fullname.toLowerCase(),
          })),
        )
        .execute();
    });
    onChunk?.(Math.min(start + chunk, readers.length));
  }
  // Row-by-row trigger inserts leave the trigram indexes in many segments; merging them once makes every
  // later filter read each term's list in one piece (a third faster here on 100 000 readers).
  if (db.dialect !== 'sqlite') return;
  for (const col of ['email_lc', 'username_lc', 'fullname_lc']) {
    const table = sql.id(`rki_users_fts_${col}`);
    await sql`insert into ${table}(${table}) values ('optimize')`.execute(db.kysely);
  }
}
