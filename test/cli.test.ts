import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { openDatabase } from '../src/db/database.js';
import { createTestDatabase, TEST_SECRET_KEY, testDialect } from './harness.js';

// The CLI reads its settings from the environment, like the server.
const saved = { ...process.env };
let dir: string;
let dropPg: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'campus-cli-'));
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

async function campus(...args: string[]): Promise<string> {
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

describe(`campus CLI on ${testDialect}`, () => {
  it('migrates, then says the database is up to date', async () => {
    await campus('migrate');
    expect(await campus('migrate')).toBe('database is up to date\n');
  });

  it('seeds the demo data set and prints how to log in', async () => {
    const out = await campus('seed', '--demo');
    expect(out).toMatch(/Admin account: admin \/ \S{12,}/);
  });

  it('creates an account with an argon2id hash', async () => {
    expect(
      await campus('account', 'create', '--username', 'carol', '--password', 'pw', '--email', 'c@example.org'),
    ).toMatch(/account carol created \(id \d+\)/);
    const db = openDatabase({ url: process.env.DATABASE_URL! });
    const row = await db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', 'carol')
      .executeTakeFirstOrThrow();
    await db.close();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('fails with one clear line on bad input', async () => {
    await expect(campus('seed')).rejects.toThrow('nothing to seed: pass --demo');
    await expect(campus('seed', '--demo', '--scale', '0')).rejects.toThrow('--scale must be a positive integer');
    await expect(campus('account', 'create', '--username', 'dave')).rejects.toThrow('a password is required');
    await expect(campus('account', 'create', '--username', 'carol', '--password', 'x')).rejects.toThrow(
      'an account with this username already exists',
    );
  });

  it('has --help on every command', () => {
    const program = buildProgram();
    const walk = (cmd: typeof program): string[] => [
      cmd.helpInformation(),
      ...cmd.commands.flatMap((c) => walk(c as typeof program)),
    ];
    const helps = walk(program);
    expect(helps.length).toBeGreaterThan(4);
    for (const h of helps) expect(h).toMatch(/^Usage: /);
  });
});
