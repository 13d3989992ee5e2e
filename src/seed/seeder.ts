/**
 * Seeding: each API plugin contributes a seeder (demo data set and its login help). `campus seed --demo`
 * and the first `campus serve` on an empty database run them all, in order, core first.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';

export interface SeedContext {
  readonly db: Database;
  readonly config: Config;
  /** Progress and summary lines for the operator. */
  readonly log: (line: string) => void;
}

export interface SeedOptions {
  /** Multiplies the demo data set's sizes (benchmarks use --scale 50 and more). */
  readonly scale: number;
}

export interface PluginSeeder {
  readonly name: string;
  seed(ctx: SeedContext, opts: SeedOptions): Promise<void>;
  /** Lines telling how to log in to the demo data (printed at every start once seeded). */
  loginHelp(ctx: SeedContext): Promise<string[]>;
}

export async function getMeta(db: Kysely<any>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('campus_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function setMeta(db: Kysely<any>, key: string, value: string): Promise<void> {
  await db
    .insertInto('campus_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
