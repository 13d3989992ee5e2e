import { sql } from 'kysely';
import type { CampusMigration } from '../../db/migrations.js';
import { withIdColumn } from '../../db/schema-helpers.js';

/**
 * РКИ organisations and their readers. A reader is a Campus account (login, email, password) plus the
 * РКИ fields. `org_seq` numbers an organisation's readers 1, 2, 3… in id order (readers are never deleted,
 * only blocked), so `offset` pages become index seeks; `rki_orgs.user_count` is the unfiltered `total`.
 * Lower-cased shadow columns serve the case-insensitive substring filters (rki.md, Campus decisions):
 * an FTS5 trigram index on SQLite, pg_trgm GIN indexes on PostgreSQL.
 */
export const m0001Rki: CampusMigration = {
  async up(db, dialect) {
    await withIdColumn(db.schema.createTable('rki_orgs'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      // AES-256-GCM box under the server key, the organisation id as associated data (secret-box.ts).
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('key_version', 'integer', (c) => c.notNull())
      .addColumn('user_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await withIdColumn(db.schema.createTable('rki_users'), dialect)
      .addColumn('org_id', 'bigint', (c) => c.notNull().references('rki_orgs.id'))
      .addColumn('account_id', 'bigint', (c) => c.notNull().unique().references('accounts.id'))
      .addColumn('org_seq', 'bigint', (c) => c.notNull())
      .addColumn('fullname', 'text', (c) => c.notNull())
      .addColumn('user_type', 'integer', (c) => c.notNull().defaultTo(4))
      .addColumn('class_no', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('specialty', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('group_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('facultet', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('department', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
      // Subscription end as YYYY-MM-DD in the РКИ time zone, or null: blocked from the next day on.
      .addColumn('blocked_after', 'text')
      // YYYY-MM-DD in the РКИ time zone.
      .addColumn('registered_on', 'text', (c) => c.notNull())
      .addColumn('email_lc', 'text', (c) => c.notNull())
      .addColumn('username_lc', 'text', (c) => c.notNull())
      .addColumn('fullname_lc', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rki_users_org_seq').on('rki_users').columns(['org_id', 'org_seq']).unique().execute();

    if (dialect === 'sqlite') {
      await sql`create virtual table rki_users_fts using fts5(
        email_lc, username_lc, fullname_lc,
        content='rki_users', content_rowid='id', tokenize='trigram case_sensitive 0')`.execute(db);
      await sql`create trigger rki_users_fts_ai after insert on rki_users begin
        insert into rki_users_fts(rowid, email_lc, username_lc, fullname_lc)
        values (new.id, new.email_lc, new.username_lc, new.fullname_lc);
      end`.execute(db);
      await sql`create trigger rki_users_fts_ad after delete on rki_users begin
        insert into rki_users_fts(rki_users_fts, rowid, email_lc, username_lc, fullname_lc)
        values ('delete', old.id, old.email_lc, old.username_lc, old.fullname_lc);
      end`.execute(db);
      await sql`create trigger rki_users_fts_au after update of email_lc, username_lc, fullname_lc on rki_users begin
        insert into rki_users_fts(rki_users_fts, rowid, email_lc, username_lc, fullname_lc)
        values ('delete', old.id, old.email_lc, old.username_lc, old.fullname_lc);
        insert into rki_users_fts(rowid, email_lc, username_lc, fullname_lc)
        values (new.id, new.email_lc, new.username_lc, new.fullname_lc);
      end`.execute(db);
    } else {
      await sql`create extension if not exists pg_trgm`.execute(db);
      // The extension may live in another schema than ours (tests run in their own schema): qualify it.
      const found = await sql<{ nspname: string }>`
        select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
        where e.extname = 'pg_trgm'`.execute(db);
      const ops = sql.raw(`${sql.id(found.rows[0].nspname).compile(db).sql}.gin_trgm_ops`);
      for (const col of ['email_lc', 'username_lc', 'fullname_lc']) {
        await sql`create index ${sql.id(`rki_users_${col}_trgm`)} on rki_users using gin (${sql.id(col)} ${ops})`.execute(
          db,
        );
      }
    }
  },
};
