/** The grades bench suite prepares its data set (smoke size) and every request it sends succeeds. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../test/harness.js';
import type { LoadCase, SingleCase } from '../case.js';
import { scodocNotesSuite } from './scodoc-notes.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe(`ScoDoc grades bench suite on ${testDialect}`, () => {
  it('prepares the smoke data set; every request answers 200 with real content', async () => {
    const lines: string[] = [];
    const cases = await scodocNotesSuite.prepare({
      db: t.db,
      config: t.config,
      smoke: true,
      log: (l) => lines.push(l),
    });
    expect(cases.map((c) => c.target)).toEqual([
      { kind: 'median', maxMs: 150 },
      { kind: 'p50', maxMs: 15 },
      { kind: 'median', maxMs: 400 },
      { kind: 'ratio', min: 0.4 },
      { kind: 'median', maxMs: 100 },
      { kind: 'median', maxMs: 100 },
    ]);
    expect(lines[0]).toMatch(/30 students × 5 modules × 2 évaluations/);
    const send = (r: { method: string; path: string; headers?: Record<string, string>; body?: string }) =>
      t.app.inject({ method: r.method as 'GET', url: r.path, headers: r.headers, payload: r.body });
    const [cold, warm, bulletins, one, pdf, notes] = cases as [
      SingleCase,
      LoadCase,
      SingleCase,
      LoadCase,
      SingleCase,
      SingleCase,
    ];
    const a = await send(await cold.request(0));
    expect(a.statusCode).toBe(200);
    expect(a.json()).toHaveLength(30);
    expect(a.json()[0].moy_gen).toMatch(/^\d{2}\.\d{2}$/);
    expect((await send((await warm.requests())[0])).json()).toEqual(a.json());
    const b = await send(await bulletins.request(0));
    expect(b.json()).toHaveLength(30);
    expect(Object.keys(b.json()[0].ressources)).toHaveLength(4);
    expect(Object.keys(b.json()[0].saes)).toHaveLength(1);
    for (const r of (await one.requests()).slice(0, 5)) expect((await send(r)).json().type).toBe('BUT');
    const p = await send(await pdf.request(0));
    expect(p.headers['content-type']).toBe('application/pdf');
    for (let run = 0; run < 2; run++) {
      const n = await send(await notes.request(run));
      expect([run, n.statusCode, n.json().etudids_changed.length]).toEqual([run, 200, 30]);
    }
  });
});
