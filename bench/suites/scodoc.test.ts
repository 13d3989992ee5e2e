/** The ScoDoc bench suite prepares its data set (smoke size) and every request it loads answers 200. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../test/harness.js';
import type { LoadCase } from '../case.js';
import { scodocSuite } from './scodoc.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe(`ScoDoc bench suite on ${testDialect}`, () => {
  it('prepares the smoke data set; its requests are valid and the 300-student case has groups', async () => {
    const lines: string[] = [];
    const cases = (await scodocSuite.prepare({
      db: t.db,
      config: t.config,
      smoke: true,
      log: (l) => lines.push(l),
    })) as LoadCase[];
    expect(cases.map((c) => c.target)).toEqual([
      { kind: 'ratio', min: 0.6 },
      { kind: 'ratio', min: 0.6 },
      { kind: 'p99', maxMs: 25 },
    ]);
    expect(lines[0]).toMatch(/scodoc: scale 1/);
    for (const c of cases) {
      const reqs = await c.requests();
      for (const r of reqs.slice(0, 20)) {
        const res = await t.app.inject({ method: r.method, url: r.path, headers: r.headers });
        expect([r.path, res.statusCode]).toEqual([r.path, 200]);
      }
    }
    const long = (await cases[2].requests())[0];
    const body = (await t.app.inject({ method: 'GET', url: long.path, headers: long.headers })).json();
    expect(body).toHaveLength(30);
    expect(body[0].groups.map((g: { partition_name: string }) => g.partition_name)).toEqual(['TD', 'TP']);
  });
});
