/** Walks the error table: every entry of errors.ts is produced by some request, in the §1.4 body. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../test/harness.js';
import { SCO_ERRORS, ScoError, type ScoErrorCode } from './errors.js';
import { buildWorld, type World } from './testing/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp({ SCODOC_LOGIN_FAILURES_BURST: '1', BODY_LIMIT_BYTES: '2048' });
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

/** The codes of issue 4 (the attendance and grades parts walk their own). */
const ISSUE4_CODES: ScoErrorCode[] = [
  'SCO_ERR_TOKEN_INVALID',
  'SCO_ERR_BAD_CREDENTIALS',
  'SCO_ERR_FORBIDDEN',
  'SCO_ERR_TOO_MANY_ATTEMPTS',
  'SCO_ERR_ROUTE_NOT_FOUND',
  'SCO_ERR_METHOD_NOT_ALLOWED',
  'SCO_ERR_INVALID_JSON',
  'SCO_ERR_BAD_BODY',
  'SCO_ERR_INVALID_PASSWORD',
  'SCO_ERR_BODY_TOO_LARGE',
  'SCO_ERR_DEPT_NOT_FOUND',
  'SCO_ERR_ETUD_NOT_FOUND',
  'SCO_ERR_FORMATION_NOT_FOUND',
  'SCO_ERR_REFCOMP_NOT_FOUND',
  'SCO_ERR_FORMSEMESTRE_NOT_FOUND',
  'SCO_ERR_MODULEIMPL_NOT_FOUND',
  'SCO_ERR_PARTITION_NOT_FOUND',
  'SCO_ERR_GROUP_NOT_FOUND',
  'SCO_ERR_USER_NOT_FOUND',
  'SCO_ERR_ROLE_NOT_FOUND',
  'SCO_ERR_PERMISSION_NOT_FOUND',
  'SCO_ERR_LOGO_NOT_FOUND',
  'SCO_ERR_NOT_INSCRIT',
  'SCO_ERR_PARTITION_LOCKED',
  'SCO_ERR_FORMSEMESTRE_LOCKED',
  'SCO_ERR_INTERNAL',
];

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });

describe(`ScoDoc error table on ${testDialect}`, () => {
  it('every code is produced by a request, with its exact body and status, never a stack trace', async () => {
    const cur = w.demo.formsemestres[2].id;
    const past = w.demo.formsemestres[0].id;
    const db = t.db.kysely;
    const pastPart = await db
      .selectFrom('sco_partition')
      .select('id')
      .where('formsemestre_id', '=', past)
      .where('partition_name', '=', 'TD')
      .executeTakeFirstOrThrow();
    const def = await db
      .selectFrom('sco_partition')
      .select('id')
      .where('formsemestre_id', '=', cur)
      .where('partition_name', 'is', null)
      .executeTakeFirstOrThrow();
    const dut = await db
      .selectFrom('sco_formation')
      .select('id')
      .where('type_parcours', '=', 100)
      .executeTakeFirstOrThrow();
    const mi = await db
      .selectFrom('sco_moduleimpl')
      .select('id')
      .where('formsemestre_id', '=', cur)
      .executeTakeFirstOrThrow();
    const cjEtud = await w.etudOf(w.demo.formsemestres[4].id);
    const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: string) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    const bearer = async (u = 'super') => ({ authorization: `Bearer ${await w.token(u)}` });

    const cases: Partial<Record<ScoErrorCode, () => Promise<{ statusCode: number; json(): unknown }>>> = {
      SCO_ERR_TOKEN_INVALID: () => inject('GET', '/ScoDoc/api/departements', {}),
      SCO_ERR_BAD_CREDENTIALS: () => inject('POST', '/ScoDoc/api/tokens', basic('ens_info', 'bad')),
      SCO_ERR_FORBIDDEN: async () => inject('GET', '/ScoDoc/api/departements', await bearer('nobody')),
      SCO_ERR_TOO_MANY_ATTEMPTS: async () => {
        await inject('POST', '/ScoDoc/api/tokens', basic('secr_info', 'bad'));
        return inject('POST', '/ScoDoc/api/tokens', basic('secr_info', 'bad'));
      },
      SCO_ERR_ROUTE_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/nothing/here', await bearer()),
      SCO_ERR_METHOD_NOT_ALLOWED: async () => inject('PUT', '/ScoDoc/api/departements', await bearer()),
      SCO_ERR_INVALID_JSON: async () => inject('POST', '/ScoDoc/api/departement/create', await bearer(), '{"acronym":'),
      SCO_ERR_BAD_BODY: async () => inject('POST', '/ScoDoc/api/departement/create', await bearer(), '{}'),
      SCO_ERR_INVALID_PASSWORD: async () =>
        inject('POST', `/ScoDoc/api/user/${w.ids.ens_info}/password`, await bearer(), '{"password":"x"}'),
      SCO_ERR_BODY_TOO_LARGE: async () =>
        inject('POST', '/ScoDoc/api/departement/create', await bearer(), JSON.stringify({ d: 'x'.repeat(4096) })),
      SCO_ERR_DEPT_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/departement/NOPE', await bearer()),
      SCO_ERR_ETUD_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/etudiant/etudid/999999', await bearer()),
      SCO_ERR_FORMATION_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/formation/999999', await bearer()),
      SCO_ERR_REFCOMP_NOT_FOUND: async () =>
        inject('GET', `/ScoDoc/api/formation/${dut.id}/referentiel_competences`, await bearer()),
      SCO_ERR_FORMSEMESTRE_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/formsemestre/999999', await bearer()),
      SCO_ERR_MODULEIMPL_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/moduleimpl/999999', await bearer()),
      SCO_ERR_PARTITION_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/partition/999999', await bearer()),
      SCO_ERR_GROUP_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/group/999999/etudiants', await bearer()),
      SCO_ERR_USER_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/user/999999', await bearer()),
      SCO_ERR_ROLE_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/role/Nope', await bearer()),
      SCO_ERR_PERMISSION_NOT_FOUND: async () =>
        inject('POST', '/ScoDoc/api/role/Ens/add_permission/Nope', await bearer()),
      SCO_ERR_LOGO_NOT_FOUND: async () => inject('GET', '/ScoDoc/api/logo/header', await bearer()),
      SCO_ERR_NOT_INSCRIT: async () =>
        inject('POST', `/ScoDoc/api/moduleimpl/${mi.id}/etudiant/${cjEtud}/inscrit`, await bearer()),
      SCO_ERR_PARTITION_LOCKED: async () =>
        inject('POST', `/ScoDoc/api/partition/${def.id}/create`, await bearer(), '{"group_name":"X"}'),
      SCO_ERR_FORMSEMESTRE_LOCKED: async () =>
        inject('POST', `/ScoDoc/api/partition/${pastPart.id}/create`, await bearer(), '{"group_name":"X"}'),
    };
    for (const [code, run] of Object.entries(cases) as [
      ScoErrorCode,
      () => Promise<{ statusCode: number; json(): any }>,
    ][]) {
      const def: { status: number; message: string | null } = SCO_ERRORS[code];
      const r = await run();
      expect([code, r.statusCode]).toEqual([code, def.status]);
      const body = r.json();
      expect(Object.keys(body).sort()).toEqual(
        def.message === null ? ['error', 'status'] : ['error', 'message', 'status'],
      );
      expect(body.status).toBe(def.status);
      expect(body.error).toBe(new ScoError(code).body().error);
      if (def.message && !def.message.includes('{')) expect(body.message).toBe(def.message);
    }
    // SCO_ERR_INTERNAL: a broken database gives the 500 body, without details.
    await sql`drop table sco_logo`.execute(db);
    const r = await inject('GET', '/ScoDoc/api/logos', await bearer());
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ error: 'Internal Server Error', status: 500 });
    expect(r.body).not.toMatch(/sco_logo|no such table|does not exist|\n\s+at /);
    // Every code of this part of the API (access, structure, people) is walked above.
    expect(Object.keys(cases).sort()).toEqual(ISSUE4_CODES.filter((c) => c !== 'SCO_ERR_INTERNAL').sort());
  });
});
