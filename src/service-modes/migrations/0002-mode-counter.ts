import { sql } from 'kysely';
import type { CampusMigration } from '../../db/migrations.js';

/**
 * Number of service modes, kept in the same transaction as each creation (modes are never deleted), so the
 * list's `X-Total` for an administrator is one row read instead of a count over every mode.
 */
export const m0002ModeCounter: CampusMigration = {
  async up(db) {
    await db.schema
      .createTable('sm_counters')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into sm_counters (key, value) select 'modes', count(*) from sm_modes`.execute(db);
  },
};
