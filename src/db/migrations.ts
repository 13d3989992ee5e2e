/**
 * Migrations in code. Each plugin exports its migrations as a `MigrationSet`; names are prefixed with the
 * plugin (`auth/0001-accounts`) and sorted, so core tables come first. Migrations are written with Kysely's
 * dialect-neutral schema builder; `dialect` is given for the few places that differ (identity columns,
 * trigram indexes). A committed migration is never edited.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Database, Dialect } from './database.js';

export interface CampusMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
  down?(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** `{ '0001-accounts': migration, … }` under a plugin name. */
export interface MigrationSet {
  readonly plugin: string;
  readonly migrations: Readonly<Record<string, CampusMigration>>;
}

export interface MigrationOutcome {
  readonly applied: readonly string[];
}

export async function migrate(db: Database, sets: readonly MigrationSet[]): Promise<MigrationOutcome> {
  const all: Record<string, Migration> = {};
  for (const set of sets) {
    for (const [name, m] of Object.entries(set.migrations)) {
      all[`${set.plugin}/${name}`] = {
        up: (k) => m.up(k, db.dialect),
        ...(m.down ? { down: (k: Kysely<any>) => m.down!(k, db.dialect) } : {}),
      };
    }
  }
  const provider: MigrationProvider = { getMigrations: async () => all };
  // Kysely looks for its migration table in every schema unless told which one: with several Campus
  // databases in one PostgreSQL (tests, staging), another schema's table would be taken for ours.
  const schema =
    db.dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db: db.kysely,
    provider,
    migrationTableName: 'campus_migrations',
    migrationLockTableName: 'campus_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
    // Plugins add migrations independently: a new migration of one plugin may sort before another's.
    allowUnorderedMigrations: true,
  });
  // Kysely reads the catalogue of every schema first; when another schema of the same database is being
  // dropped at that moment (test runs, staging resets), PostgreSQL reports it missing. Nothing was applied
  // yet then, so the whole step is retried.
  let outcome = await migrator.migrateToLatest();
  for (
    let attempt = 1;
    attempt < 5 && outcome.error && /schema "?\w+"? does not exist/.test(String(outcome.error));
    attempt++
  ) {
    await new Promise((r) => setTimeout(r, 100 * attempt));
    outcome = await migrator.migrateToLatest();
  }
  const { error, results } = outcome;
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const msg = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `migration ${failed.migrationName} failed: ${msg}` : `migrations failed: ${msg}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
