/**
 * The permission matrix of issue 4: every route × {no token, expired token, role without the
 * permission, role in another department} on both prefixes answers as ScoDoc would (401/403/404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../test/harness.js';
import { PERMISSION_NAMES } from './permissions.js';
import { SCODOC_ROUTES } from './routes/index.js';
import { issueToken } from './routes/tokens/tokens.queries.js';
import { createScoUser } from './seed/users.js';
import { buildWorld, type World } from './testing/world.js';

let t: TestApp;
let w: World;
let params: Record<string, string>;
let expired: string;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  const db = t.db.kysely;
  const fs = w.demo.formsemestres[2].id;
  const etudid = await w.etudOf(fs);
  const etud = await db
    .selectFrom('sco_etudiant')
    .select(['code_nip', 'code_ine'])
    .where('id', '=', etudid)
    .executeTakeFirstOrThrow();
  const mi = await db
    .selectFrom('sco_moduleimpl')
    .select('id')
    .where('formsemestre_id', '=', fs)
    .executeTakeFirstOrThrow();
  const part = await db
    .selectFrom('sco_partition')
    .select('id')
    .where('formsemestre_id', '=', fs)
    .where('partition_name', '=', 'TD')
    .executeTakeFirstOrThrow();
  const group = await db
    .selectFrom('sco_group')
    .select('id')
    .where('partition_id', '=', part.id)
    .executeTakeFirstOrThrow();
  const formation = await db
    .selectFrom('sco_formsemestre')
    .select('formation_id')
    .where('id', '=', fs)
    .executeTakeFirstOrThrow();
  params = {
    etudid: String(etudid),
    nip: etud.code_nip!,
    ine: etud.code_ine!,
    formsemestre_id: String(fs),
    moduleimpl_id: String(mi.id),
    partition_id: String(part.id),
    group_id: String(group.id),
    formation_id: String(formation.formation_id),
    uid: String(w.ids.chef_info),
    role: 'Ens',
    perm: 'ScoView',
    acronym: 'INFO',
    dept_id: String(w.demo.depts.INFO),
    name: 'header',
  };
  // Every permission, but granted in CJ only.
  await db
    .insertInto('sco_role')
    .values({ name: 'ToutCJ', permissions: 2 ** 29 - 2 })
    .execute();
  w.ids.cjall = await createScoUser(db, { user_name: 'cjall', roles: [['ToutCJ', w.demo.depts.CJ]] }, t.config.argon2);
  const tok = await issueToken(db, t.config.serverKey, w.ids.reader, 3600, Date.now() - 7200_000);
  expired = tok.token;
});
afterAll(async () => t?.close());

const OBJECT_PARAMS = [
  'etudid',
  'nip',
  'ine',
  'formsemestre_id',
  'moduleimpl_id',
  'partition_id',
  'group_id',
  'formation_id',
  'acronym',
  'dept_id',
  'uid',
];

/**
 * The route's path with real ids of INFO objects. `object`: it names an object of a department (for
 * the D4/D5 checks), only when every parameter is one of ours (routes of later parts use '1').
 */
function concrete(path: string): { url: string; object: boolean } {
  let object = false;
  let known = true;
  const url = path.replace(/:(\w+)(\([^)]*\))?/g, (_, name: string) => {
    if (OBJECT_PARAMS.includes(name)) object = true;
    if (params[name] === undefined) known = false;
    return encodeURIComponent(params[name] ?? '1');
  });
  object &&= known;
  // Plural routes answer [] rather than 404/403 (spec, "Règles générales").
  return { url, object: object && !path.startsWith('/etudiants/') };
}

const UNAUTH = { error: 'Unauthorized', status: 401, message: 'Non autorise (logic)' };
const FORBIDDEN = { error: 'Forbidden', status: 403, message: 'opération non autorisée' };

describe(`ScoDoc permission matrix on ${testDialect}`, () => {
  it('every route names its permission (9.3–9.5 names); only the token routes use Basic or a bare token', () => {
    expect(SCODOC_ROUTES.length).toBeGreaterThan(100);
    for (const r of SCODOC_ROUTES) {
      if (r.perm === 'basic' || r.perm === 'token') expect(r.path).toBe('/tokens');
      else expect(PERMISSION_NAMES).toContain(r.perm);
    }
  });

  it('no token / expired token → 401 "Non autorise (logic)"; role without the permission → 403; on both prefixes', async () => {
    let n = 0;
    for (const r of SCODOC_ROUTES) {
      if (r.perm === 'basic') continue;
      const { url } = concrete(r.path);
      for (const prefix of r.globalOnly ? ['/ScoDoc/api'] : ['/ScoDoc/api', '/ScoDoc/INFO/api']) {
        const full = prefix + url;
        for (const headers of [{}, { authorization: `Bearer ${expired}` }]) {
          const res = await t.app.inject({ method: r.method, url: full, headers });
          expect([full, res.statusCode, res.json()]).toEqual([full, 401, UNAUTH]);
        }
        if (r.perm === 'token') continue;
        // observateur: a role (Observateur, in INFO) lacking every permission the routes ask for; nobody: no role.
        const denied = await t.app.inject({
          method: r.method,
          url: full,
          headers: { authorization: `Bearer ${await w.token('ens_cj')}` },
        });
        for (const user of ['observateur', 'nobody']) {
          const res = await t.app.inject({
            method: r.method,
            url: full,
            headers: { authorization: `Bearer ${await w.token(user)}` },
          });
          expect([full, user, res.statusCode, res.json()]).toEqual([full, user, 403, FORBIDDEN]);
        }
        if (prefix === '/ScoDoc/INFO/api') expect([full, denied.statusCode]).toEqual([full, 403]);
        n++;
      }
    }
    expect(n).toBeGreaterThan(150);
  });

  it('role in another department: 403 on that department’s prefix; 403 for its objects on the global prefix (D4)', async () => {
    const auth = { authorization: `Bearer ${await w.token('cjall')}` };
    for (const r of SCODOC_ROUTES) {
      if (r.perm === 'basic' || r.perm === 'token') continue;
      const { url, object } = concrete(r.path);
      if (!r.globalOnly) {
        const res = await t.app.inject({ method: r.method, url: `/ScoDoc/INFO/api${url}`, headers: auth });
        expect([r.method, url, res.statusCode, res.json()]).toEqual([r.method, url, 403, FORBIDDEN]);
      }
      if (object || r.perm === 'ScoSuperAdmin') {
        const res = await t.app.inject({ method: r.method, url: `/ScoDoc/api${url}`, headers: auth });
        expect([r.method, url, res.statusCode]).toEqual([r.method, url, 403]);
      }
    }
    // Its own department's lists work on the global prefix, filtered to it.
    const list = await t.app.inject({ method: 'GET', url: '/ScoDoc/api/departements', headers: auth });
    expect(list.json().map((d: { acronym: string }) => d.acronym)).toEqual(['CJ']);
  });

  it('every GET route of this part answers 200 with a global token on /ScoDoc/api, /ScoDoc/<dept>/api and /ScoDoc/api/<dept> (compat §5.6)', async () => {
    const { setLogo } = await import('./routes/logos/logos.queries.js');
    const { DEFAULT_PHOTO } = await import('./routes/etudiants/photo-default.js');
    await setLogo(t.db.kysely, 0, 'header', DEFAULT_PHOTO.mime, DEFAULT_PHOTO.data);
    await setLogo(t.db.kysely, w.demo.depts.INFO, 'header', DEFAULT_PHOTO.mime, DEFAULT_PHOTO.data);
    let n = 0;
    for (const r of SCODOC_ROUTES) {
      if (r.method !== 'GET') continue;
      const { url } = concrete(r.path);
      if (url.includes('/1/') || url.endsWith('/1')) continue; // a route of a later part (unknown ids)
      for (const prefix of r.globalOnly ? ['/ScoDoc/api'] : ['/ScoDoc/api', '/ScoDoc/INFO/api', '/ScoDoc/api/INFO']) {
        const res = await w.get(prefix + url, 'super');
        expect([prefix + url, res.statusCode]).toEqual([prefix + url, 200]);
        expect(res.headers['content-type']).toMatch(/^(application\/(json|pdf)|image\/(png|jpeg))/);
        n++;
      }
    }
    expect(n).toBeGreaterThan(120);
  });

  it('list routes run a fixed number of statements: the same on INFO (4 formsemestres, 60 students) and CJ (1, 40)', async () => {
    const count = async (url: string) => {
      await w.get(url);
      const before = t.db.queryCount();
      const r = await w.get(url);
      expect([url, r.statusCode]).toEqual([url, 200]);
      return t.db.queryCount() - before;
    };
    const lists = [
      '/departements',
      '/formations',
      '/formsemestres/query',
      '/etudiants/courants/long',
      '/users/query',
      '/roles',
      '/departement/{D}/etudiants',
      '/departement/{D}/formsemestres_courants',
    ];
    for (const l of lists) {
      const info = await count(`/ScoDoc/INFO/api${l.replace('{D}', 'INFO')}`);
      const cj = await count(`/ScoDoc/CJ/api${l.replace('{D}', 'CJ')}`);
      expect([l, info]).toEqual([l, cj]);
      expect(info).toBeLessThanOrEqual(6);
    }
    // Per-formsemestre lists: 40 students (current S1) vs 20 (last year's S1).
    const [past, cur] = [w.demo.formsemestres[0].id, w.demo.formsemestres[2].id];
    for (const l of ['/formsemestre/{F}/etudiants/long', '/formsemestre/{F}/partitions']) {
      expect([l, await count(`/ScoDoc/api${l.replace('{F}', String(cur))}`)]).toEqual([
        l,
        await count(`/ScoDoc/api${l.replace('{F}', String(past))}`),
      ]);
    }
    const groupOf = async (fs: number) =>
      (
        await t.db.kysely
          .selectFrom('sco_group as g')
          .innerJoin('sco_partition as p', 'p.id', 'g.partition_id')
          .select('g.id')
          .where('p.formsemestre_id', '=', fs)
          .where('p.partition_name', '=', 'TD')
          .executeTakeFirstOrThrow()
      ).id;
    expect(await count(`/ScoDoc/api/group/${await groupOf(cur)}/etudiants`)).toBe(
      await count(`/ScoDoc/api/group/${await groupOf(past)}/etudiants`),
    );
  });

  it('objects of another department on a department prefix are 404 for a global reader (D5)', async () => {
    const auth = { authorization: `Bearer ${await w.token('reader')}` };
    for (const r of SCODOC_ROUTES) {
      if (r.method !== 'GET' || r.globalOnly) continue;
      const { url, object } = concrete(r.path);
      if (!object || r.perm !== 'ScoView') continue;
      const res = await t.app.inject({ method: 'GET', url: `/ScoDoc/CJ/api${url}`, headers: auth });
      expect([url, res.statusCode, res.json().status]).toEqual([url, 404, 404]);
    }
  });
});
