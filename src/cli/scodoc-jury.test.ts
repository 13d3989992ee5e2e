import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, TEST_SECRET_KEY, testDialect } from '../../test/harness.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { buildProgram } from './program.js';

// The CLI reads its settings from the environment, like the server.
const saved = { ...process.env };
let dir: string;
let dropPg: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'campus-jury-cli-'));
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

async function query<T>(fn: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const db = openDatabase({ url: loadConfig().databaseUrl });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe(`campus scodoc jury CLI on ${testDialect}`, () => {
  it('seed --demo adds évaluations and notes; jury propose prints proposals; record --accept stores them', async () => {
    const seeded = await campus('seed', '--demo');
    expect(seeded).toMatch(/scodoc: \d+ évaluations, \d+ notes/);
    const cj = await query((db) =>
      db.kysely
        .selectFrom('sco_formsemestre as fs')
        .innerJoin('sco_departement as d', 'd.id', 'fs.dept_id')
        .select('fs.id')
        .where('d.acronym', '=', 'CJ')
        .executeTakeFirstOrThrow(),
    );
    const lines = (await campus('scodoc', 'jury', 'propose', String(cj.id))).trim().split('\n');
    expect(lines).toHaveLength(40);
    for (const l of lines) expect(l).toMatch(/^etudid=\d+ semestre=(ADM|ATT|ATB) ues=\d+:(ADM|CMP|AJ)/);
    const first = Number(/etudid=(\d+)/.exec(lines[0])![1]);
    expect(await campus('scodoc', 'jury', 'record', String(cj.id), '--accept')).toBe(
      `40 decision(s) recorded for formsemestre ${cj.id}\n`,
    );
    await campus('scodoc', 'jury', 'record', String(cj.id), '--etudid', String(first), '--code', 'ADJ');
    const rows = await query((db) =>
      db.kysely
        .selectFrom('sco_jury_semestre')
        .select(['etudid', 'code'])
        .where('formsemestre_id', '=', cj.id)
        .execute(),
    );
    expect(rows).toHaveLength(40);
    expect(rows.find((r) => Number(r.etudid) === first)!.code).toBe('ADJ');
    const proposed = /semestre=(\w+)/.exec(lines[1])![1];
    expect(rows.find((r) => Number(r.etudid) === Number(/etudid=(\d+)/.exec(lines[1])![1]))!.code).toBe(proposed);
  });

  it('operator errors: unknown formsemestre, invalid code, nothing to record (CliError, one line)', async () => {
    await expect(campus('scodoc', 'jury', 'propose', '999999')).rejects.toThrow(/^formsemestre 999999 not found$/);
    const cj = await query((db) =>
      db.kysely.selectFrom('sco_inscription').select(['formsemestre_id', 'etudid']).executeTakeFirstOrThrow(),
    );
    await expect(
      campus('scodoc', 'jury', 'record', String(cj.formsemestre_id), '--etudid', String(cj.etudid), '--code', 'XYZ'),
    ).rejects.toThrow(/^invalid semester code XYZ \(/);
    await expect(campus('scodoc', 'jury', 'record', String(cj.formsemestre_id))).rejects.toThrow(
      /^nothing to record: give --accept and\/or --code$/,
    );
  });
});
