import { sql } from 'kysely';
import type { CampusMigration } from '../../db/migrations.js';

/**
 * Which workgroups grant sight of each mode: the owner and share workgroups of every entry's CI and of its
 * Hierarchy ancestors. Kept by mode-visibility.ts in the transaction of every change that can alter it
 * (mode scope, CI owner, share, move, deletion), so listing a member's modes is an index lookup instead of
 * a walk up the hierarchy for every entry of every mode.
 */
export const m0004ModeWorkgroups: CampusMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('sm_mode_workgroups')
      .addColumn('mode_id', 'bigint', (c) => c.notNull().references('sm_modes.id').onDelete('cascade'))
      .addColumn('workgroup_id', 'bigint', (c) => c.notNull().references('sm_workgroups.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('sm_mode_workgroups_pk', ['mode_id', 'workgroup_id'])
      .modifyEnd(dialect === 'sqlite' ? sql`without rowid` : sql``)
      .execute();
    await db.schema
      .createIndex('sm_mode_workgroups_wg')
      .on('sm_mode_workgroups')
      .columns(['workgroup_id', 'mode_id'])
      .execute();
    await sql`insert into sm_mode_workgroups (mode_id, workgroup_id)
      select distinct e.mode_id, c.owner_workgroup_id from sm_mode_entries e
        join sm_ci_closure cl on cl.descendant_id = e.ci_id
        join sm_config_items c on c.id = cl.ancestor_id
      union
      select distinct e.mode_id, s.workgroup_id from sm_mode_entries e
        join sm_ci_closure cl on cl.descendant_id = e.ci_id
        join sm_ci_shares s on s.ci_id = cl.ancestor_id`.execute(db);
  },
};
