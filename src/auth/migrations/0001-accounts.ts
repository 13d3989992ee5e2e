import type { CampusMigration } from '../../db/migrations.js';
import { withIdColumn } from '../../db/schema-helpers.js';

/** One store of accounts across Campus, API tokens (hashes only), database-backed rate limits, audit log. */
export const m0001Accounts: CampusMigration = {
  async up(db, dialect) {
    await withIdColumn(db.schema.createTable('accounts'), dialect)
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('email', 'text')
      // Trimmed, lower-cased email: a person has one login, whatever the case they typed.
      .addColumn('email_norm', 'text', (c) => c.unique())
      .addColumn('password_hash', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await withIdColumn(db.schema.createTable('api_tokens'), dialect)
      .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      // Which API the token belongs to ('scodoc', 'sm'): each API has its own token shape.
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('nonce', 'text')
      .addColumn('description', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .execute();
    await db.schema.createIndex('api_tokens_account').on('api_tokens').columns(['account_id', 'kind']).execute();

    // Token buckets shared by every instance (rate limits must hold across instances).
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('tokens', 'double precision', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    // Server-wide facts (e.g. that the demo data set was seeded), one row each.
    await db.schema
      .createTable('campus_meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await withIdColumn(db.schema.createTable('audit_log'), dialect)
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('api', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('ip', 'text')
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_target').on('audit_log').columns(['api', 'target']).execute();
  },
};
