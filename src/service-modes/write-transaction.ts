/**
 * One write = one transaction, serialised per mode (service-modes.md, Campus decisions: concurrency).
 * PostgreSQL: an ordinary transaction, the mode row taken with SELECT … FOR UPDATE by the writer.
 * SQLite: BEGIN IMMEDIATE, so the write lock is held from the first read and a concurrent writer (another
 * process) waits on busy_timeout instead of failing on a stale snapshot.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';

export async function writeTransaction<T>(db: Database, fn: (trx: Kysely<any>) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') return db.kysely.transaction().execute(fn);
  return db.kysely.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const out = await fn(conn);
      await sql`commit`.execute(conn);
      return out;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}
