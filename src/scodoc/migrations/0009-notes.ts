import { sql } from 'kysely';
import type { Dialect } from '../../db/database.js';
import type { CampusMigration } from '../../db/migrations.js';
import { withIdColumn } from '../../db/schema-helpers.js';

const ref = (dialect: Dialect) => (dialect === 'sqlite' ? 'integer' : 'bigint');
const blob = (dialect: Dialect) => (dialect === 'sqlite' ? sql`blob` : sql`bytea`);

/**
 * Issue 5: évaluations (with BUT UE weights), notes and their history, the database-held results cache,
 * and jury decisions. Numbered after 0008 because it reuses 0008's `sco_results_version` (one counter per
 * formsemestre) and adds triggers that bump it on every write of other engineers' tables that changes
 * results (inscriptions, module inscriptions, groups, coefficients, UE/module/formsemestre settings), so the
 * cache key is right whoever writes. Notes and évaluations bump it from their own transactions.
 */
export const m0009Notes: CampusMigration = {
  async up(db, dialect) {
    const id = ref(dialect);
    await withIdColumn(db.schema.createTable('sco_evaluation'), dialect)
      .addColumn('moduleimpl_id', id, (c) => c.notNull().references('sco_moduleimpl.id').onDelete('cascade'))
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      // Instants in epoch milliseconds, shown in the server zone with an offset (D9).
      .addColumn('date_debut', 'bigint')
      .addColumn('date_fin', 'bigint')
      .addColumn('coefficient', 'double precision', (c) => c.notNull().defaultTo(1))
      .addColumn('note_max', 'double precision', (c) => c.notNull().defaultTo(20))
      .addColumn('evaluation_type', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('numero', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('publish_incomplete', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('visibulletin', 'integer', (c) => c.notNull().defaultTo(1))
      .addCheckConstraint('sco_evaluation_type', sql`evaluation_type in (0, 1, 2, 3)`)
      .execute();
    await db.schema.createIndex('sco_evaluation_mi').on('sco_evaluation').columns(['moduleimpl_id']).execute();
    await db.schema
      .createTable('sco_evaluation_poids')
      .addColumn('evaluation_id', id, (c) => c.notNull().references('sco_evaluation.id').onDelete('cascade'))
      .addColumn('ue_id', id, (c) => c.notNull().references('sco_ue.id').onDelete('cascade'))
      .addColumn('poids', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('sco_evaluation_poids_pk', ['evaluation_id', 'ue_id'])
      .execute();
    // value as ScoDoc stores it (scodoc.md §6.1): NULL = ABS, -1000 EXC, -1002 ATT, else the evaluation scale.
    await db.schema
      .createTable('sco_note')
      .addColumn('evaluation_id', id, (c) => c.notNull().references('sco_evaluation.id').onDelete('cascade'))
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('value', 'double precision')
      .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('date', 'bigint', (c) => c.notNull())
      .addColumn('uid', id)
      .addPrimaryKeyConstraint('sco_note_pk', ['evaluation_id', 'etudid'])
      .execute();
    await db.schema.createIndex('sco_note_etudid').on('sco_note').columns(['etudid']).execute();
    // Every change of a note: who, when, old → new ('ABS', 'EXC', 'ATT', a number as text; NULL = no note).
    await withIdColumn(db.schema.createTable('sco_note_history'), dialect)
      .addColumn('evaluation_id', id, (c) => c.notNull().references('sco_evaluation.id').onDelete('cascade'))
      .addColumn('etudid', id, (c) => c.notNull())
      .addColumn('old_value', 'text')
      .addColumn('new_value', 'text')
      .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('uid', id)
      .addColumn('date', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sco_note_history_eval')
      .on('sco_note_history')
      .columns(['evaluation_id', 'etudid'])
      .execute();

    // The engine's results (grades/results-codec.ts bytes) keyed by (formsemestre, results version, engine).
    await db.schema
      .createTable('sco_results_cache')
      .addColumn('formsemestre_id', id, (c) => c.primaryKey().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('data', blob(dialect), (c) => c.notNull())
      .execute();

    // Jury decisions (scodoc.md §5.12, §6.13–6.14). One row per (formsemestre, student[, UE / level]).
    await withIdColumn(db.schema.createTable('sco_jury_semestre'), dialect)
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('assidu', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('compense_formsemestre_id', id)
      .addColumn('event_date', 'text', (c) => c.notNull())
      .addColumn('user_id', id)
      .addUniqueConstraint('sco_jury_semestre_uniq', ['formsemestre_id', 'etudid'])
      .execute();
    await withIdColumn(db.schema.createTable('sco_jury_ue'), dialect)
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('ue_id', id, (c) => c.notNull().references('sco_ue.id').onDelete('cascade'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('moy_ue', 'double precision')
      .addColumn('event_date', 'text', (c) => c.notNull())
      .addColumn('user_id', id)
      .addUniqueConstraint('sco_jury_ue_uniq', ['formsemestre_id', 'etudid', 'ue_id'])
      .execute();
    await withIdColumn(db.schema.createTable('sco_jury_rcue'), dialect)
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('ue_id1', id, (c) => c.notNull())
      .addColumn('ue_id2', id, (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('moy', 'double precision')
      .addColumn('event_date', 'text', (c) => c.notNull())
      .addColumn('user_id', id)
      .addUniqueConstraint('sco_jury_rcue_uniq', ['formsemestre_id', 'etudid', 'ue_id1', 'ue_id2'])
      .execute();
    await withIdColumn(db.schema.createTable('sco_jury_annee'), dialect)
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('ordre', 'integer', (c) => c.notNull())
      .addColumn('annee_scolaire', 'integer', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('event_date', 'text', (c) => c.notNull())
      .addColumn('user_id', id)
      .addUniqueConstraint('sco_jury_annee_uniq', ['formsemestre_id', 'etudid'])
      .execute();
    await withIdColumn(db.schema.createTable('sco_jury_autorisation'), dialect)
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('semestre_id', 'integer', (c) => c.notNull())
      .addColumn('event_date', 'text', (c) => c.notNull())
      .addUniqueConstraint('sco_jury_autorisation_uniq', ['formsemestre_id', 'etudid', 'semestre_id'])
      .execute();

    // Every formsemestre has its version row; triggers only UPDATE it (no insert during cascades).
    await sql`insert into sco_results_version (formsemestre_id, version)
      select id, 0 from sco_formsemestre where id not in (select formsemestre_id from sco_results_version)`.execute(db);
    for (const t of TRIGGERS) await createTrigger(db, dialect, t);
  },
};

interface TriggerDef {
  readonly name: string;
  readonly table: string;
  readonly events: readonly ('INSERT' | 'UPDATE' | 'DELETE')[];
  /** SQL selecting the formsemestre ids touched, with `R` standing for NEW or OLD. */
  readonly fs: string;
}

const byFormation = (col: string) => `(select id from sco_formsemestre where formation_id = ${col})`;

const TRIGGERS: readonly TriggerDef[] = [
  { name: 'insc', table: 'sco_inscription', events: ['INSERT', 'UPDATE', 'DELETE'], fs: '(R.formsemestre_id)' },
  {
    name: 'mi_insc',
    table: 'sco_moduleimpl_inscription',
    events: ['INSERT', 'DELETE'],
    fs: '(select formsemestre_id from sco_moduleimpl where id = R.moduleimpl_id)',
  },
  { name: 'mi', table: 'sco_moduleimpl', events: ['INSERT', 'DELETE'], fs: '(R.formsemestre_id)' },
  {
    name: 'member',
    table: 'sco_group_member',
    events: ['INSERT', 'UPDATE', 'DELETE'],
    fs: '(select formsemestre_id from sco_partition where id = R.partition_id)',
  },
  {
    name: 'ue_coef',
    table: 'sco_module_ue_coef',
    events: ['INSERT', 'UPDATE', 'DELETE'],
    fs: byFormation('(select formation_id from sco_module where id = R.module_id)'),
  },
  { name: 'module', table: 'sco_module', events: ['UPDATE'], fs: byFormation('R.formation_id') },
  { name: 'ue', table: 'sco_ue', events: ['UPDATE'], fs: byFormation('R.formation_id') },
  { name: 'fs', table: 'sco_formsemestre', events: ['UPDATE'], fs: '(R.id)' },
  // Names shown by `resultats` and bulletins, kept with the cached results.
  {
    name: 'etud',
    table: 'sco_etudiant',
    events: ['UPDATE'],
    fs: '(select formsemestre_id from sco_inscription where etudid = R.id)',
  },
  {
    name: 'group',
    table: 'sco_group',
    events: ['UPDATE'],
    fs: '(select formsemestre_id from sco_partition where id = R.partition_id)',
  },
  { name: 'partition', table: 'sco_partition', events: ['UPDATE'], fs: '(R.formsemestre_id)' },
];

async function createTrigger(db: Parameters<CampusMigration['up']>[0], dialect: Dialect, t: TriggerDef) {
  const bump = (row: 'NEW' | 'OLD') =>
    `update sco_results_version set version = version + 1 where formsemestre_id in ${t.fs.replace(/\bR\./g, `${row}.`)};`;
  if (dialect === 'sqlite') {
    for (const ev of t.events) {
      const rows: ('NEW' | 'OLD')[] = ev === 'INSERT' ? ['NEW'] : ev === 'DELETE' ? ['OLD'] : ['OLD', 'NEW'];
      await sql
        .raw(
          `create trigger sco_rv_${t.name}_${ev.toLowerCase()} after ${ev} on ${t.table} for each row begin ${rows.map(bump).join(' ')} end`,
        )
        .execute(db);
    }
    if (t.table === 'sco_formsemestre') {
      await sql
        .raw(
          `create trigger sco_rv_fs_insert after insert on sco_formsemestre for each row begin insert into sco_results_version (formsemestre_id, version) values (NEW.id, 0) on conflict do nothing; end`,
        )
        .execute(db);
    }
    return;
  }
  const fn = `sco_rv_${t.name}_fn`;
  await sql
    .raw(
      `create function ${fn}() returns trigger language plpgsql as $$ begin
        if TG_OP = 'INSERT' or TG_OP = 'UPDATE' then ${bump('NEW')} end if;
        if TG_OP = 'DELETE' or TG_OP = 'UPDATE' then ${bump('OLD')} end if;
        return null; end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger sco_rv_${t.name} after ${t.events.join(' or ')} on ${t.table} for each row execute function ${fn}()`,
    )
    .execute(db);
  if (t.table === 'sco_formsemestre') {
    await sql
      .raw(
        `create function sco_rv_fs_insert_fn() returns trigger language plpgsql as $$ begin
          insert into sco_results_version (formsemestre_id, version) values (NEW.id, 0) on conflict do nothing;
          return null; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        'create trigger sco_rv_fs_insert after insert on sco_formsemestre for each row execute function sco_rv_fs_insert_fn()',
      )
      .execute(db);
  }
}
