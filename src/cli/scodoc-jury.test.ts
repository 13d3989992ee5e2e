import { describe, expect, it } from 'vitest';
import { campus, useCliEnvironment } from '../../test/cli-harness.js';
import { testDialect } from '../../test/harness.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';

useCliEnvironment('campus-jury-cli-');

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
