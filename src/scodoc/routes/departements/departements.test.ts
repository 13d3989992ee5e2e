import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { buildWorld, scoError, typesOf, type World } from '../../testing/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

// scodoc.md §5.1 + 9.6 dept_name (compat §5.27).
const DEPT_TYPES = {
  id: 'number',
  acronym: 'string',
  dept_name: 'string',
  description: 'string',
  visible: 'boolean',
  date_creation: 'string',
};

describe(`ScoDoc départements on ${testDialect}`, () => {
  it('GET /departements lists every department with the §5.1 fields, by acronym; also with a trailing "?"', async () => {
    for (const url of ['/ScoDoc/api/departements', '/ScoDoc/api/departements?']) {
      const r = await w.get(url);
      expect(r.statusCode).toBe(200);
      const list = r.json();
      expect(list.map((d: { acronym: string }) => d.acronym)).toEqual(['CJ', 'INFO']);
      expect(typesOf(list[1])).toEqual(DEPT_TYPES);
      expect(list[0].description).toBeNull();
      expect(list[1].date_creation).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    }
  });

  it('the dept prefix filters lists to its department (compat §5.6), and /ScoDoc/api/<dept>/ is an alias (D6)', async () => {
    for (const prefix of ['/ScoDoc/INFO/api', '/ScoDoc/api/INFO']) {
      const r = await w.get(`${prefix}/departements`);
      expect(r.statusCode).toBe(200);
      expect(r.json().map((d: { acronym: string }) => d.acronym)).toEqual(['INFO']);
      expect((await w.get(`${prefix}/departements_ids`)).json()).toEqual([w.demo.depts.INFO]);
    }
    const unknown = await w.get('/ScoDoc/NOPE/api/departements');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual(scoError(404, 'departement inconnu'));
    // percent-encoded acronym resolves (compat §5.11)
    expect((await w.get('/ScoDoc/%49NFO/api/departements')).statusCode).toBe(200);
  });

  it('GET /departement/<acronym> and /departement/id/<id>; unknown → JSON 404 (compat §5.28)', async () => {
    const a = await w.get('/ScoDoc/api/departement/INFO');
    expect(a.statusCode).toBe(200);
    expect(typesOf(a.json())).toEqual(DEPT_TYPES);
    const b = await w.get(`/ScoDoc/api/departement/id/${w.demo.depts.INFO}`);
    expect(b.json()).toEqual(a.json());
    for (const url of [
      '/ScoDoc/api/departement/XXX',
      '/ScoDoc/api/departement/id/999999',
      '/ScoDoc/api/departement/id/abc',
    ]) {
      const r = await w.get(url);
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
    }
    // Another department on a dept prefix is unknown there (D5).
    expect((await w.get('/ScoDoc/INFO/api/departement/CJ')).json()).toEqual(scoError(404, 'departement inconnu'));
  });

  it('global prefix: a department role gives lists of that department and 403 on others (D4)', async () => {
    const r = await w.get('/ScoDoc/api/departements', 'ens_cj');
    expect(r.json().map((d: { acronym: string }) => d.acronym)).toEqual(['CJ']);
    const other = await w.get('/ScoDoc/api/departement/INFO', 'ens_cj');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toEqual(scoError(403, 'opération non autorisée'));
    // ...and on the INFO prefix that role does not count (§3.4): 403.
    expect((await w.get('/ScoDoc/INFO/api/departements', 'ens_cj')).statusCode).toBe(403);
    // A role without ScoView: 403 everywhere.
    expect((await w.get('/ScoDoc/api/departements', 'nobody')).json()).toEqual(
      scoError(403, 'opération non autorisée'),
    );
  });

  it('departement/<D>/etudiants, formsemestres_ids, formsemestres_courants', async () => {
    const etuds = (await w.get('/ScoDoc/api/departement/CJ/etudiants')).json();
    expect(etuds).toHaveLength(40);
    for (const k of ['id', 'nom', 'prenom', 'email', 'code_nip', 'civilite', 'sort_key'])
      expect(etuds[0]).toHaveProperty(k);
    const keys = etuds.map((e: { sort_key: string }) => e.sort_key);
    expect([...keys].sort()).toEqual(keys);
    const ids = (await w.get(`/ScoDoc/api/departement/id/${w.demo.depts.INFO}/formsemestres_ids`)).json();
    expect(ids).toEqual(w.demo.formsemestres.filter((f) => f.dept === 'INFO').map((f) => f.id));
    const courants = (await w.get('/ScoDoc/api/departement/INFO/formsemestres_courants')).json();
    expect(courants.map((f: { id: number }) => f.id).sort()).toEqual(
      w.demo.formsemestres
        .filter((f) => f.dept === 'INFO' && f.courant)
        .map((f) => f.id)
        .sort(),
    );
    expect(
      (await w.get('/ScoDoc/api/departement/INFO/formsemestres_courants?date_courante=1990-01-01')).json(),
    ).toEqual([]);
  });

  it('create / edit / delete (global prefix only, ScoSuperAdmin); delete cascades in one transaction', async () => {
    const denied = await w.post('/ScoDoc/api/departement/create', { acronym: 'QLIO' }, 'chef_info');
    expect(denied.statusCode).toBe(403);
    const c = await w.post(
      '/ScoDoc/api/departement/create',
      { acronym: 'QLIO', visible: false, description: 'Qualité' },
      'super',
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ acronym: 'QLIO', visible: false, description: 'Qualité' });
    expect((await w.post('/ScoDoc/api/departement/create', { acronym: 'QLIO' })).json()).toEqual(
      scoError(400, 'departement_create: acronym already exists'),
    );
    expect((await w.post('/ScoDoc/api/departement/create', { acronym: 'etudiant' })).statusCode).toBe(400);
    expect((await w.post('/ScoDoc/api/departement/create', { acronym: 'a/b' })).statusCode).toBe(400);
    const e = await w.post('/ScoDoc/api/departement/QLIO/edit', { visible: true });
    expect(e.json()).toMatchObject({ acronym: 'QLIO', visible: true });
    // Not on the dept prefix (D7).
    expect((await w.post('/ScoDoc/QLIO/api/departement/QLIO/edit', { visible: true })).statusCode).toBe(404);
    const d = await w.post('/ScoDoc/api/departement/CJ/delete');
    expect(d.statusCode).toBe(200);
    expect(d.json()).toEqual({ OK: true });
    const db = t.db.kysely;
    for (const table of ['sco_etudiant', 'sco_formsemestre', 'sco_formation']) {
      const n = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('dept_id', '=', w.demo.depts.CJ)
        .executeTakeFirst();
      expect(Number(n?.n)).toBe(0);
    }
    expect((await w.get('/ScoDoc/api/departement/CJ')).statusCode).toBe(404);
    // The user whose department was deleted keeps its account, without department.
    const u = await db
      .selectFrom('sco_user')
      .select('dept_id')
      .where('id', '=', w.ids.ens_cj)
      .executeTakeFirstOrThrow();
    expect(u.dept_id).toBeNull();
  });
});

describe(`ScoDoc plugin behaviour on ${testDialect}`, () => {
  it('unknown routes under the prefixes → JSON 404, never HTML (compat §5.54); wrong method → 405', async () => {
    for (const url of [
      '/ScoDoc/api/referentiel_competences',
      '/ScoDoc/api/etudiant/12/formsemestres',
      '/ScoDoc/api/etudiants',
      '/ScoDoc/INFO/api/nope/nope',
      '/ScoDoc/api/departement/INFO/referentiel_competences',
    ]) {
      const r = await w.get(url);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ error: 'Not Found', status: 404 });
    }
    const m = await t.app.inject({ method: 'PUT', url: '/ScoDoc/api/departements' });
    expect(m.statusCode).toBe(405);
    expect(m.json()).toEqual(scoError(405));
  });

  it('malformed JSON → 400 in the ScoDoc body; GET with a JSON Content-Type and no body → 200 (compat §5.10)', async () => {
    const r = await w.post('/ScoDoc/api/departement/create', '{not json', 'super');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual(scoError(400, 'departement_create: invalid json'));
    const g = await w.get('/ScoDoc/api/departements', 'super', {
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(g.statusCode).toBe(200);
    // No token and a bad body: 401 first.
    const u = await w.post('/ScoDoc/api/departement/create', '{', null);
    expect(u.statusCode).toBe(401);
  });

  it('unknown query parameters are ignored; HEAD works on GET routes; never a redirect (compat §5.8–5.9)', async () => {
    const r = await w.get('/ScoDoc/api/departements?foo=bar&formation_id=');
    expect(r.statusCode).toBe(200);
    const h = await t.app.inject({
      method: 'HEAD',
      url: '/ScoDoc/api/departements',
      headers: { authorization: `Bearer ${await w.token('super')}` },
    });
    expect(h.statusCode).toBe(200);
    const slash = await w.get('/ScoDoc/api/departements/');
    expect(slash.statusCode).toBe(200);
  });
});
