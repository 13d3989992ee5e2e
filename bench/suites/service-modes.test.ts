/**
 * The service-modes bench suite in smoke size: its data set loads through the real migrations, every case's
 * requests are answered 2xx by the app, and the generated forest keeps the shape (depth ≤ 8, the
 * big subtree, closure rows matching parent links).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../test/harness.js';
import type { BenchCase } from '../case.js';
import { serviceModesSuite } from './service-modes.js';

let t: TestApp;
let cases: BenchCase[];
beforeAll(async () => {
  t = await createTestApp();
  cases = await serviceModesSuite.prepare({ db: t.db, config: t.config, smoke: true, log: () => {} });
}, 120_000);
afterAll(async () => t?.close());

describe(`service-modes bench suite (smoke) on ${testDialect}`, () => {
  it('builds a forest of depth ≤ 8 whose closure table matches the parent links', async () => {
    const deepest = await t.db.kysely
      .selectFrom('sm_ci_closure')
      .select((eb) => eb.fn.max('distance').as('d'))
      .executeTakeFirstOrThrow();
    expect(Number(deepest.d)).toBeLessThanOrEqual(7);
    const subtree = await t.db.kysely
      .selectFrom('sm_ci_closure')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('ancestor_id', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(subtree.n)).toBe(200);
    const direct = await t.db.kysely
      .selectFrom('sm_ci_closure as c')
      .innerJoin('sm_config_items as i', 'i.id', 'c.descendant_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('c.distance', '=', 1)
      .whereRef('c.ancestor_id', '!=', 'i.parent_id')
      .executeTakeFirstOrThrow();
    expect(Number(direct.n)).toBe(0);
  });

  it('answers every case with 2xx', async () => {
    expect(cases.map((c) => c.name)).toHaveLength(4);
    for (const c of cases) {
      const reqs =
        c.mode === 'load' ? (await c.requests()).slice(0, 5) : c.mode === 'single' ? [await c.request(0)] : [];
      for (const q of reqs) {
        const r = await t.app.inject({ method: q.method, url: q.path, headers: q.headers, payload: q.body });
        expect(r.statusCode, `${c.name}: ${q.path} → ${r.body.slice(0, 200)}`).toBeLessThan(300);
      }
    }
  });

  it('finds what the list case searches for', async () => {
    const list = cases.find((c) => c.name.startsWith('list'));
    if (list?.mode !== 'load') throw new Error('no list case');
    const found = await Promise.all(
      (await list.requests()).slice(0, 30).map(async (q) => {
        const r = await t.app.inject({ method: q.method, url: q.path, headers: q.headers });
        return Number(r.headers['x-total-filtered']);
      }),
    );
    expect(found.some((n) => n > 0)).toBe(true);
  });
});
