import { sql } from 'kysely';
import type { Dialect } from '../../db/database.js';
import type { CampusMigration } from '../../db/migrations.js';
import { withIdColumn } from '../../db/schema-helpers.js';

const ref = (dialect: Dialect) => (dialect === 'sqlite' ? 'integer' : 'bigint');
const blob = (dialect: Dialect) => (dialect === 'sqlite' ? sql`blob` : sql`bytea`);

/**
 * Attendance (issue 8, scodoc-assiduites.md): assiduités, justificatifs with their files stored as rows
 * (AS7: every instance serves them), a per-formsemestre results version bumped by every attendance write
 * (the bulletins' results caches key on it, issue 5), and a cache of formsemestre counts keyed on it.
 * Datetimes are UTC epoch milliseconds (AS1); `etat` is stored as ScoDoc's integers (§1.1, §1.2).
 */
export const m0008Assiduites: CampusMigration = {
  async up(db, dialect) {
    const id = ref(dialect);
    await withIdColumn(db.schema.createTable('sco_assiduite'), dialect)
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('moduleimpl_id', id, (c) => c.references('sco_moduleimpl.id').onDelete('set null'))
      .addColumn('date_debut', 'bigint', (c) => c.notNull())
      .addColumn('date_fin', 'bigint', (c) => c.notNull())
      // 0 PRESENT, 1 RETARD, 2 ABSENT
      .addColumn('etat', 'integer', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('entry_date', 'bigint', (c) => c.notNull())
      .addColumn('user_id', id, (c) => c.references('sco_user.id').onDelete('set null'))
      // Derived only (AS5): recomputed in the transaction of every write of either side.
      .addColumn('est_just', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('external_data', 'text')
      .addCheckConstraint('sco_assiduite_etat', sql`etat in (0, 1, 2)`)
      .addCheckConstraint('sco_assiduite_dates', sql`date_debut < date_fin`)
      .execute();
    await db.schema
      .createIndex('sco_assiduite_etud_debut')
      .on('sco_assiduite')
      .columns(['etudid', 'date_debut'])
      .execute();

    await withIdColumn(db.schema.createTable('sco_justificatif'), dialect)
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('date_debut', 'bigint', (c) => c.notNull())
      .addColumn('date_fin', 'bigint', (c) => c.notNull())
      // 0 VALIDE, 1 NON_VALIDE, 2 ATTENTE, 3 MODIFIE
      .addColumn('etat', 'integer', (c) => c.notNull())
      .addColumn('raison', 'text')
      .addColumn('entry_date', 'bigint', (c) => c.notNull())
      .addColumn('user_id', id, (c) => c.references('sco_user.id').onDelete('set null'))
      .addColumn('external_data', 'text')
      .addCheckConstraint('sco_justificatif_etat', sql`etat in (0, 1, 2, 3)`)
      .addCheckConstraint('sco_justificatif_dates', sql`date_debut < date_fin`)
      .execute();
    await db.schema
      .createIndex('sco_justificatif_etud_debut')
      .on('sco_justificatif')
      .columns(['etudid', 'date_debut'])
      .execute();

    await withIdColumn(db.schema.createTable('sco_justificatif_file'), dialect)
      .addColumn('justif_id', id, (c) => c.notNull().references('sco_justificatif.id').onDelete('cascade'))
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('data', blob(dialect), (c) => c.notNull())
      .addColumn('user_id', id, (c) => c.references('sco_user.id').onDelete('set null'))
      .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('sco_justificatif_file_name', ['justif_id', 'filename'])
      .execute();

    // Bumped in the transaction of every write that changes a formsemestre's results (attendance here,
    // notes and inscriptions in issue 5); caches key on (formsemestre_id, version).
    await db.schema
      .createTable('sco_results_version')
      .addColumn('formsemestre_id', id, (c) => c.primaryKey().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();

    // Formsemestre counts computed once per (query, version, inscriptions fingerprint).
    await db.schema
      .createTable('sco_assiduites_count_cache')
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('query_key', 'text', (c) => c.notNull())
      .addColumn('stamp', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sco_assiduites_count_cache_pk', ['formsemestre_id', 'query_key'])
      .execute();
  },
};
