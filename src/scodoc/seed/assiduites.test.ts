import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../test/harness.js';
import { sniffMime } from '../routes/justificatifs/file-types.js';
import { buildWorld, type World } from '../testing/world.js';
import { scodocAssiduitesSeeder } from './assiduites.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  await scodocAssiduitesSeeder.seed({ db: t.db, config: t.config, log: () => {} }, { scale: 1 });
});
afterAll(async () => t?.close());

describe(`demo attendance seeder on ${testDialect}`, () => {
  it('a term of attendance: absences, late arrivals, VALIDE justificatifs with a PDF, pending ones', async () => {
    const db = t.db.kysely;
    const byEtat = await db
      .selectFrom('sco_assiduite')
      .select(['etat', (eb) => eb.fn.countAll().as('n')])
      .groupBy('etat')
      .execute();
    const n = Object.fromEntries(byEtat.map((r) => [Number(r.etat), Number(r.n)]));
    expect(n[2]).toBeGreaterThan(100);
    expect(n[1]).toBeGreaterThan(10);
    const js = await db
      .selectFrom('sco_justificatif')
      .select(['etat', (eb) => eb.fn.countAll().as('n')])
      .groupBy('etat')
      .execute();
    const jn = Object.fromEntries(js.map((r) => [Number(r.etat), Number(r.n)]));
    expect(jn[0]).toBeGreaterThan(10);
    expect(jn[2]).toBeGreaterThan(5);
    // Every VALIDE justificatif has a stored PDF.
    const files = await db.selectFrom('sco_justificatif_file').select(['justif_id', 'data', 'mime']).execute();
    expect(files.length).toBe(jn[0]);
    for (const f of files.slice(0, 5)) expect(sniffMime(f.data)?.mime).toBe('application/pdf');
    // No overlapping records of a student (AS3).
    const overlaps = await sql<{ n: number }>`select count(*) as n from sco_assiduite a join sco_assiduite b
      on a.etudid = b.etudid and a.id < b.id and a.date_debut < b.date_fin and b.date_debut < a.date_fin`.execute(db);
    expect(Number(overlaps.rows[0].n)).toBe(0);
    // est_just follows the §4 rule.
    const wrong = await sql<{ n: number }>`select count(*) as n from sco_assiduite a where a.est_just <> (case when
      a.etat <> 0 and exists (select 1 from sco_justificatif j where j.etudid = a.etudid and j.etat = 0
      and j.date_debut <= a.date_debut and j.date_fin >= a.date_fin) then 1 else 0 end)`.execute(db);
    expect(Number(wrong.rows[0].n)).toBe(0);
    const just = await db
      .selectFrom('sco_assiduite')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('est_just', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(just.n)).toBeGreaterThan(10);
    // The API serves them, and they lie in the students' formsemestres.
    const fs = w.demo.formsemestres[2].id;
    const c = (await w.get(`/ScoDoc/api/assiduites/formsemestre/${fs}/count/query?split=1&metric=demi`)).json();
    expect(c.absent.justifie.demi).toBeGreaterThan(0);
    expect(c.absent.non_justifie.demi).toBeGreaterThan(0);
    const v = await db
      .selectFrom('sco_results_version')
      .select('version')
      .where('formsemestre_id', '=', fs)
      .executeTakeFirst();
    expect(Number(v?.version)).toBeGreaterThan(0);
    // Seeding twice adds nothing.
    const before = await db
      .selectFrom('sco_assiduite')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await scodocAssiduitesSeeder.seed({ db: t.db, config: t.config, log: () => {} }, { scale: 1 });
    const after = await db
      .selectFrom('sco_assiduite')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
