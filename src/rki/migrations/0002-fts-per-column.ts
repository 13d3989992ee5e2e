import { sql } from 'kysely';
import type { CampusMigration } from '../../db/migrations.js';

const COLUMNS = ['email_lc', 'username_lc', 'fullname_lc'] as const;

/**
 * SQLite: one trigram index per filter column instead of one over all three. A column filter in a shared
 * FTS5 index still reads every column's entries of each trigram; with its own index, a filter reads only
 * its column's (half the time on 100 000 readers). PostgreSQL already has one GIN index per column.
 */
export const m0002FtsPerColumn: CampusMigration = {
  async up(db, dialect) {
    if (dialect !== 'sqlite') return;
    for (const t of ['ai', 'ad', 'au']) await sql`drop trigger if exists ${sql.id(`rki_users_fts_${t}`)}`.execute(db);
    await sql`drop table if exists rki_users_fts`.execute(db);
    for (const col of COLUMNS) {
      const table = sql.id(`rki_users_fts_${col}`);
      const column = sql.id(col);
      await sql`create virtual table ${table} using fts5(
        ${column}, content='rki_users', content_rowid='id', tokenize='trigram case_sensitive 0')`.execute(db);
      await sql`create trigger ${sql.id(`rki_users_fts_${col}_ai`)} after insert on rki_users begin
        insert into ${table}(rowid, ${column}) values (new.id, new.${column});
      end`.execute(db);
      await sql`create trigger ${sql.id(`rki_users_fts_${col}_ad`)} after delete on rki_users begin
        insert into ${table}(${table}, rowid, ${column}) values ('delete', old.id, old.${column});
      end`.execute(db);
      await sql`create trigger ${sql.id(`rki_users_fts_${col}_au`)} after update of ${column} on rki_users begin
        insert into ${table}(${table}, rowid, ${column}) values ('delete', old.id, old.${column});
        insert into ${table}(rowid, ${column}) values (new.id, new.${column});
      end`.execute(db);
      await sql`insert into ${table}(${table}) values ('rebuild')`.execute(db);
    }
  },
};
