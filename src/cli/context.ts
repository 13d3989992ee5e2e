/** What every CLI command needs: validated configuration and an open, migrated database. */
import { type Config, ConfigError, loadConfig } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrations.js';
import { allMigrations } from '../migrations.js';

/** An error meant for the operator: printed as one line, exit code 1. */
export class CliError extends Error {}

export interface CliContext {
  readonly config: Config;
  readonly db: Database;
}

export async function withDatabase<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = openDatabase({ url: config.databaseUrl });
  try {
    await migrate(db, allMigrations);
    return await fn({ config, db });
  } finally {
    await db.close();
  }
}

/** Turns any failure into one clear line on stderr and a non-zero exit. */
export function reportAndExit(err: unknown): never {
  const msg =
    err instanceof CliError || err instanceof ConfigError
      ? err.message
      : err instanceof Error
        ? `${err.message}${(err as { code?: string }).code ? ` (${(err as { code?: string }).code})` : ''}`
        : String(err);
  process.stderr.write(`campus: ${msg}\n`);
  process.exit(1);
}

/** Parses a positive integer option, or fails with a clear message. */
export function positiveInt(name: string) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new CliError(`${name} must be a positive integer, got "${raw}"`);
    return Number(raw);
  };
}
