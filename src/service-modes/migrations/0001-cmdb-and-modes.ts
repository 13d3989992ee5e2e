import { sql } from 'kysely';
import type { CampusMigration } from '../../db/migrations.js';
import { withIdColumn } from '../../db/schema-helpers.js';

/**
 * CMDB (workgroups, CI types, CIs with one Hierarchy parent, shares, Influence links) and service modes.
 * Instants are UTC epoch milliseconds (bigint). The Hierarchy is mirrored in a closure table
 * (ancestor, descendant, distance; self rows at distance 0) kept in the same transaction as each link
 * change, so subtrees, inherited access and "is X covered" are one indexed query on both dialects.
 */
export const m0001CmdbAndModes: CampusMigration = {
  async up(db, dialect) {
    await withIdColumn(db.schema.createTable('sm_workgroups'), dialect)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .execute();
    await db.schema
      .createTable('sm_memberships')
      .addColumn('workgroup_id', 'bigint', (c) => c.notNull().references('sm_workgroups.id').onDelete('cascade'))
      .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      // 'Read' | 'Edit' (service-modes.md, Rights)
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sm_memberships_pk', ['account_id', 'workgroup_id'])
      .execute();
    await db.schema.createIndex('sm_memberships_wg').on('sm_memberships').columns(['workgroup_id']).execute();
    // CMDB administrators pass every check (service-modes.md, Rights: "Admins pass every check").
    await db.schema
      .createTable('sm_admins')
      .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
      .execute();

    await withIdColumn(db.schema.createTable('sm_ci_types'), dialect)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .execute();
    await withIdColumn(db.schema.createTable('sm_config_items'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('type_id', 'bigint', (c) => c.references('sm_ci_types.id'))
      .addColumn('owner_workgroup_id', 'bigint', (c) => c.notNull().references('sm_workgroups.id'))
      .addColumn('parent_id', 'bigint', (c) => c.references('sm_config_items.id'))
      // JSON object string → string, in insertion order
      .addColumn('labels', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sm_ci_parent').on('sm_config_items').columns(['parent_id']).execute();
    await db.schema.createIndex('sm_ci_owner').on('sm_config_items').columns(['owner_workgroup_id']).execute();
    await db.schema.createIndex('sm_ci_name').on('sm_config_items').columns(['name']).execute();

    await db.schema
      .createTable('sm_ci_closure')
      .addColumn('ancestor_id', 'bigint', (c) => c.notNull().references('sm_config_items.id').onDelete('cascade'))
      .addColumn('descendant_id', 'bigint', (c) => c.notNull().references('sm_config_items.id').onDelete('cascade'))
      .addColumn('distance', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('sm_ci_closure_pk', ['ancestor_id', 'descendant_id'])
      .execute();
    await db.schema
      .createIndex('sm_ci_closure_desc')
      .on('sm_ci_closure')
      .columns(['descendant_id', 'distance', 'ancestor_id'])
      .execute();
    await db.schema
      .createIndex('sm_ci_closure_anc')
      .on('sm_ci_closure')
      .columns(['ancestor_id', 'distance', 'descendant_id'])
      .execute();

    await db.schema
      .createTable('sm_ci_shares')
      .addColumn('ci_id', 'bigint', (c) => c.notNull().references('sm_config_items.id').onDelete('cascade'))
      .addColumn('workgroup_id', 'bigint', (c) => c.notNull().references('sm_workgroups.id').onDelete('cascade'))
      .addColumn('access', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sm_ci_shares_pk', ['ci_id', 'workgroup_id'])
      .execute();
    await db.schema.createIndex('sm_ci_shares_wg').on('sm_ci_shares').columns(['workgroup_id']).execute();
    // Influence links only; Hierarchy lives in parent_id + closure.
    await db.schema
      .createTable('sm_ci_links')
      .addColumn('source_id', 'bigint', (c) => c.notNull().references('sm_config_items.id').onDelete('cascade'))
      .addColumn('target_id', 'bigint', (c) => c.notNull().references('sm_config_items.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sm_ci_links_pk', ['source_id', 'target_id', 'type'])
      .execute();
    await db.schema.createIndex('sm_ci_links_target').on('sm_ci_links').columns(['target_id']).execute();

    await withIdColumn(db.schema.createTable('sm_modes'), dialect)
      // code-point order for sort by title (service-modes.md, Campus decisions: sort)
      .addColumn('title', 'text', (c) => (dialect === 'postgres' ? c.modifyEnd(sql`collate "C"`) : c))
      .addColumn('date_start', 'bigint', (c) => c.notNull())
      .addColumn('date_end', 'bigint', (c) => c.notNull())
      .addColumn('cancelled_at', 'bigint')
      .addColumn('labels', 'text', (c) => c.notNull().defaultTo('{}'))
      // lower-cased title and label keys/values, \u0001-separated: what ?search= matches
      .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'bigint', (c) => c.references('accounts.id').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sm_modes_start').on('sm_modes').columns(['date_start', 'id']).execute();
    await db.schema.createIndex('sm_modes_end').on('sm_modes').columns(['date_end', 'id']).execute();
    await db.schema.createIndex('sm_modes_title').on('sm_modes').columns(['title', 'id']).execute();

    await withIdColumn(db.schema.createTable('sm_mode_entries'), dialect)
      .addColumn('mode_id', 'bigint', (c) => c.notNull().references('sm_modes.id').onDelete('cascade'))
      .addColumn('ci_id', 'bigint', (c) => c.notNull().references('sm_config_items.id').onDelete('cascade'))
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('date_start', 'bigint', (c) => c.notNull())
      .addColumn('date_end', 'bigint', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sm_entries_mode').on('sm_mode_entries').columns(['mode_id', 'position']).execute();
    await db.schema
      .createIndex('sm_entries_ci')
      .on('sm_mode_entries')
      .columns(['ci_id', 'date_start', 'date_end', 'mode_id'])
      .execute();

    await withIdColumn(db.schema.createTable('sm_mode_history'), dialect)
      .addColumn('mode_id', 'bigint', (c) => c.notNull().references('sm_modes.id').onDelete('cascade'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('account_id', 'bigint')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('changed', 'text', (c) => c.notNull())
      .addColumn('before', 'text')
      .addColumn('after', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sm_history_mode').on('sm_mode_history').columns(['mode_id', 'id']).execute();

    // Substring search index: FTS5 trigram on SQLite (rowid = mode id); PostgreSQL scans search_text.
    if (dialect === 'sqlite') {
      await sql`create virtual table sm_mode_search using fts5(text, tokenize = 'trigram case_sensitive 1')`.execute(
        db,
      );
    }
  },
};
