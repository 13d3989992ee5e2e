/** Walks the error codes of issue 5 (évaluations, notes, bulletins, juries): each is produced by a request, exact body. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../test/harness.js';
import { SCO_ERRORS, ScoError, type ScoErrorCode } from '../errors.js';
import { buildWorld, type World } from '../testing/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const ISSUE5_CODES: ScoErrorCode[] = [
  'SCO_ERR_EVALUATION_NOT_FOUND',
  'SCO_ERR_EVALUATION_HAS_NOTES',
  'SCO_ERR_NOTES_REJECTED',
  'SCO_ERR_VERSION_INVALID',
  'SCO_ERR_VALIDATION_NOT_FOUND',
];

describe(`ScoDoc issue 5 error codes on ${testDialect}`, () => {
  it('every code is produced by a request, with its exact body and status', async () => {
    const fs = w.demo.formsemestres[2].id;
    const etudid = await w.etudOf(fs);
    const mi = await t.db.kysely
      .selectFrom('sco_moduleimpl')
      .select('id')
      .where('formsemestre_id', '=', fs)
      .executeTakeFirstOrThrow();
    const ev = (await w.post(`/ScoDoc/api/moduleimpl/${mi.id}/evaluation/create`, { description: 'e' })).json().id;
    await w.post(`/ScoDoc/api/evaluation/${ev}/notes/set`, { notes: [[etudid, 10]] });
    const produced = new Map<ScoErrorCode, { status: number; body: unknown }>();
    const check = async (
      code: ScoErrorCode,
      r: Promise<{ statusCode: number; json(): any }>,
      params: Record<string, string | number> = {},
    ) => {
      const res = await r;
      const expected = new ScoError(code, params).body();
      expect([code, res.statusCode]).toEqual([code, SCO_ERRORS[code].status]);
      expect(res.json()).toMatchObject(expected);
      produced.set(code, { status: res.statusCode, body: res.json() });
    };
    await check('SCO_ERR_EVALUATION_NOT_FOUND', w.get('/ScoDoc/api/evaluation/999999'));
    await check('SCO_ERR_EVALUATION_HAS_NOTES', w.post(`/ScoDoc/api/evaluation/${ev}/delete`));
    await check('SCO_ERR_NOTES_REJECTED', w.post(`/ScoDoc/api/evaluation/${ev}/notes/set`, { notes: [[etudid, 21]] }), {
      n: 1,
    });
    await check(
      'SCO_ERR_VERSION_INVALID',
      w.get(`/ScoDoc/api/etudiant/etudid/${etudid}/formsemestre/${fs}/bulletin/xyz`),
    );
    await check(
      'SCO_ERR_VALIDATION_NOT_FOUND',
      w.post(`/ScoDoc/api/etudiant/${etudid}/jury/validation_ue/999999/delete`),
    );
    expect([...produced.keys()].sort()).toEqual([...ISSUE5_CODES].sort());
    for (const { body } of produced.values()) expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|stack/i);
  });
});
