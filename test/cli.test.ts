import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { openDatabase } from '../src/db/database.js';
import { campus, useCliEnvironment } from '../test/cli-harness.js';
import { testDialect } from './harness.js';

useCliEnvironment('campus-cli-');

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
