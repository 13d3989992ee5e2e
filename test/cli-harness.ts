/**
 * CLI tests: the CLI reads its settings from the environment, like the server. `useCliEnvironment()`
 * points DATABASE_URL at a fresh database of the tested dialect for the file's tests, and restores the
 * environment afterwards; `campus(...)` runs a command in-process and returns what it printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { createTestDatabase, TEST_SECRET_KEY, testDialect } from './harness.js';

export interface CliEnvironment {
  /** A temporary directory for the test's files (removed afterwards). */
  readonly dir: () => string;
}

export function useCliEnvironment(prefix = 'campus-cli-'): CliEnvironment {
  const saved = { ...process.env };
  let dir = '';
  let dropPg: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    process.env.CAMPUS_SECRET_KEY = TEST_SECRET_KEY;
    process.env.ARGON2_MEMORY_KIB = '1024';
    process.env.ARGON2_TIME_COST = '1';
    if (testDialect === 'postgres') {
      const t = await createTestDatabase();
      await t.db.close();
      process.env.DATABASE_URL = `${t.url}?options=-c%20search_path%3D${t.pgSchema}`;
      dropPg = t.drop;
    } else {
      process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.db')}`;
    }
  });
  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await dropPg?.();
  });
  return { dir: () => dir };
}

/** Runs `campus <args>` in-process; resolves with its standard output, rejects with its error. */
export async function campus(...args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await buildProgram().parseAsync(['node', 'campus', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}
