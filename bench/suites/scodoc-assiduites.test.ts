/** The attendance bench suite prepares its data set (smoke size) and every request it sends succeeds. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../test/harness.js';
import type { LoadCase, SingleCase } from '../case.js';
import { scodocAssiduitesSuite } from './scodoc-assiduites.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe(`ScoDoc attendance bench suite on ${testDialect}`, () => {
  it('prepares the smoke data set; load requests answer 200, writes succeed item by item', async () => {
    const lines: string[] = [];
    const cases = await scodocAssiduitesSuite.prepare({
      db: t.db,
      config: t.config,
      smoke: true,
      log: (l) => lines.push(l),
    });
    expect(cases.map((c) => c.target)).toEqual([
      { kind: 'p99', maxMs: 30 },
      { kind: 'ratio', min: 0.5 },
      { kind: 'max', maxMs: 30 },
      { kind: 'max', maxMs: 150 },
      { kind: 'max', maxMs: 20 },
    ]);
    expect(lines[0]).toMatch(/30 students × 5 assiduités/);
    const send = (r: { method: string; path: string; headers?: Record<string, string>; body?: string }) =>
      t.app.inject({ method: r.method as 'GET', url: r.path, headers: r.headers, payload: r.body });
    const [count, nip, ...singles] = cases as [LoadCase, LoadCase, ...SingleCase[]];
    const c = await send((await count.requests())[0]);
    expect(c.statusCode).toBe(200);
    expect(c.json().absent.justifie.demi + c.json().absent.non_justifie.demi).toBe(c.json().absent.demi);
    expect(c.json().total.compte).toBe(150);
    for (const r of (await nip.requests()).slice(0, 10)) {
      const res = await send(r);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toHaveLength(5);
      expect(Array.isArray(res.json()[0].justificatifs)).toBe(true);
    }
    for (const s of singles) {
      for (let run = 0; run < 3; run++) {
        const res = await send(await s.request(run));
        expect([s.name, run, res.statusCode, res.json().errors]).toEqual([s.name, run, 200, []]);
      }
    }
  });
});
