import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { seedNotesDemo } from '../../seed/notes.js';
import { buildWorld, scoError, typesOf, type World } from '../../testing/world.js';

let t: TestApp;
let w: World;
let other: FastifyInstance;
let cur: number; // INFO S1 in progress (BUT), no seeded notes
let cj: number; // classic DUT, seeded notes
let mi: number;
let ueIds: number[]; // UEs of `cur` in numero order
let e1: number;
let e2: number;
let evalId: number;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  other = await t.another();
  cur = w.demo.formsemestres[2].id;
  cj = w.demo.formsemestres[4].id;
  await seedNotesDemo(t.db.kysely, { timeZone: t.config.scodoc.timeZone, formsemestreIds: [cj] });
  const db = t.db.kysely;
  const m = await db
    .selectFrom('sco_moduleimpl as mi')
    .innerJoin('sco_module as m', 'm.id', 'mi.module_id')
    .select(['mi.id', 'm.code'])
    .where('mi.formsemestre_id', '=', cur)
    .orderBy('m.numero')
    .executeTakeFirstOrThrow();
  mi = Number(m.id);
  ueIds = (
    await db
      .selectFrom('sco_ue')
      .select('id')
      .where('semestre_idx', '=', 1)
      .where('acronyme', 'like', 'UE1.%')
      .orderBy('numero')
      .execute()
  ).map((r) => Number(r.id));
  e1 = await w.etudOf(cur, 0);
  e2 = await w.etudOf(cur, 1);
  const ev = await w.post(`/ScoDoc/api/moduleimpl/${mi}/evaluation/create`, {
    description: 'DS',
    coefficient: 1,
    note_max: 20,
    publish_incomplete: true,
  });
  evalId = ev.json().id;
  await w.post(`/ScoDoc/api/evaluation/${evalId}/notes/set`, {
    notes: [
      [e1, 12.5],
      [e2, 8],
    ],
  });
});
afterAll(async () => t?.close());

const rowOf = (rows: Record<string, unknown>[], etudid: number) => rows.find((r) => r.etudid === etudid)!;

describe(`ScoDoc resultats, programme, etat_evals, decisions_jury on ${testDialect}`, () => {
  it('resultats: rows with identity, rank, moy_gen, moy_ue_<ue>, moy_res_<mi>_<ue>, formatted strings', async () => {
    for (const prefix of ['/ScoDoc/api', '/ScoDoc/INFO/api']) {
      const r = await w.get(`${prefix}/formsemestre/${cur}/resultats`);
      expect(r.statusCode).toBe(200);
      const rows = r.json();
      expect(rows).toHaveLength(40);
      const a = rowOf(rows, e1);
      // The module weighs on UE1.1, UE1.3, UE1.5 (demo matrix: (module + UE) index even).
      // One évaluation, coef 1, poids 1: moy(s,m,u) = 12.5 for those three UEs; other UEs have no average.
      expect(a[`moy_res_${mi}_${ueIds[0]}`]).toBe('12.50');
      expect(a[`moy_res_${mi}_${ueIds[2]}`]).toBe('12.50');
      expect(a).not.toHaveProperty(`moy_res_${mi}_${ueIds[1]}`);
      expect(a[`moy_ue_${ueIds[0]}`]).toBe('12.50');
      expect(a[`moy_ue_${ueIds[1]}`]).toBe('~');
      // BUT general average (§6.7, D32): Σ ects·moy_ue / Σ ects, empty UE = 0: 3·5·12.5 / 30 = 6.25.
      expect(a.moy_gen).toBe('06.25');
      expect(rowOf(rows, e2).moy_gen).toBe('04.00'); // 3·5·8 / 30
      expect(rows[0].etudid).toBe(e1); // by rank
      expect(a.rang).toBe('1');
      expect(rowOf(rows, e2).rang).toBe('2');
      expect(typesOf(a)).toMatchObject({
        etudid: 'number',
        code_nip: 'string',
        civilite_str: 'string',
        nom_disp: 'string',
        nom_short: 'string',
        prenom: 'string',
        etat: 'string',
        rang: 'string',
        moy_gen: 'string',
      });
    }
    const raw = await w.get(`/ScoDoc/api/formsemestre/${cur}/resultats?format=raw`);
    expect(raw.body).toContain(`"moy_res_${mi}_${ueIds[0]}":12.5`);
    expect(raw.body).toContain('"moy_gen":6.25');
    expect(raw.body).toContain('NaN'); // students without notes (scodoc.md §1.3: literal NaN)
  });

  it('cache: a note written through a second instance is seen by the first (version in the database)', async () => {
    await w.get(`/ScoDoc/api/formsemestre/${cur}/resultats`); // warm the memo of instance 1
    const tok = await w.token('super');
    const r = await other.inject({
      method: 'POST',
      url: `/ScoDoc/api/evaluation/${evalId}/notes/set`,
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ notes: [[e1, 16]] }),
    });
    expect(r.statusCode).toBe(200);
    const rows = (await w.get(`/ScoDoc/api/formsemestre/${cur}/resultats`)).json();
    expect(rowOf(rows, e1)[`moy_ue_${ueIds[0]}`]).toBe('16.00');
    // and the database cache row follows the version
    const v = await t.db.kysely
      .selectFrom('sco_results_version')
      .select('version')
      .where('formsemestre_id', '=', cur)
      .executeTakeFirstOrThrow();
    const c = await t.db.kysely
      .selectFrom('sco_results_cache')
      .select('version')
      .where('formsemestre_id', '=', cur)
      .executeTakeFirstOrThrow();
    expect(Number(c.version)).toBe(Number(v.version));
    // instance 2 reads the same thing
    const r2 = await other.inject({
      method: 'GET',
      url: `/ScoDoc/api/formsemestre/${cur}/resultats`,
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(rowOf(r2.json(), e1)[`moy_ue_${ueIds[0]}`]).toBe('16.00');
  });

  it('cache: inscription writes of other routes invalidate too (database triggers)', async () => {
    const before = rowOf((await w.get(`/ScoDoc/api/formsemestre/${cur}/resultats`)).json(), e2);
    expect(before[`moy_res_${mi}_${ueIds[0]}`]).toBe('08.00');
    const d = await w.post(`/ScoDoc/api/moduleimpl/${mi}/etudiant/${e2}/desinscrit`);
    expect(d.statusCode).toBe(200);
    const after = rowOf((await w.get(`/ScoDoc/api/formsemestre/${cur}/resultats`)).json(), e2);
    expect(after[`moy_res_${mi}_${ueIds[0]}`]).toBe('~');
    await w.post(`/ScoDoc/api/moduleimpl/${mi}/etudiant/${e2}/inscrit`);
    const back = rowOf((await w.get(`/ScoDoc/api/formsemestre/${cur}/resultats`)).json(), e2);
    expect(back[`moy_res_${mi}_${ueIds[0]}`]).toBe('08.00');
  });

  it('classic resultats use moy_mod_<mi>; every average is a two-decimal string or "~"', async () => {
    const rows = (await w.get(`/ScoDoc/CJ/api/formsemestre/${cj}/resultats`)).json();
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      for (const [k, v] of Object.entries(row)) {
        if (k.startsWith('moy_')) expect(v).toMatch(/^(\d{2}\.\d{2}|~)$/);
      }
      expect(Object.keys(row).some((k) => k.startsWith('moy_mod_'))).toBe(true);
    }
  });

  it('programme: five arrays, BUT ressources/saes with their module', async () => {
    const p = (await w.get(`/ScoDoc/api/formsemestre/${cur}/programme`)).json();
    expect(Object.keys(p)).toEqual(['ues', 'ressources', 'saes', 'modules', 'malus']);
    expect(p.ressources).toHaveLength(6);
    expect(p.saes).toHaveLength(3);
    expect(p.modules).toEqual([]);
    expect(p.ressources[0]).toMatchObject({ id: mi, module: { code: 'R1.01', titre: 'Ressource 1.01' } });
    expect(p.ues.map((u: { id: number }) => u.id)).toEqual(ueIds);
    const c = (await w.get(`/ScoDoc/api/formsemestre/${cj}/programme`)).json();
    expect(c.modules).toHaveLength(6);
    expect(c.ressources).toEqual([]);
  });

  it('etat_evals: per moduleimpl, counts of the évaluation', async () => {
    const s = (await w.get(`/ScoDoc/api/formsemestre/${cur}/etat_evals`)).json();
    const m = s.find((x: { id: number }) => x.id === mi);
    expect(m.evaluations).toHaveLength(1);
    const ev = m.evaluations[0];
    expect(Object.keys(ev)).toEqual([
      'id',
      'description',
      'datetime_epreuve',
      'heure_fin',
      'coefficient',
      'is_complete',
      'nb_inscrits',
      'nb_manquantes',
      'ABS',
      'ATT',
      'EXC',
      'saisie_notes',
    ]);
    expect(ev).toMatchObject({
      id: evalId,
      is_complete: false,
      nb_inscrits: 40,
      nb_manquantes: 38,
      ABS: 0,
      EXC: 0,
      ATT: 0,
    });
    expect(ev.saisie_notes.datetime_debut).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  });

  it('decisions_jury lists every inscrit; 404 unknown formsemestre, 401 without token, 403 without permission', async () => {
    const d = (await w.get(`/ScoDoc/api/formsemestre/${cur}/decisions_jury`)).json();
    expect(d).toHaveLength(40);
    expect(Object.keys(d[0])).toEqual([
      'etudid',
      'code_nip',
      'code_ine',
      'etat',
      'annee',
      'rcues',
      'ues',
      'semestre',
      'autorisations',
    ]);
    const c = (await w.get(`/ScoDoc/api/formsemestre/${cj}/decisions_jury`)).json();
    expect(Object.keys(c[0])).toEqual([
      'etudid',
      'code_nip',
      'code_ine',
      'etat',
      'decision_sem',
      'decisions_ue',
      'autorisations',
    ]);
    for (const route of ['resultats', 'programme', 'etat_evals', 'decisions_jury']) {
      expect((await w.get(`/ScoDoc/api/formsemestre/999999/${route}`)).json()).toEqual(
        scoError(404, 'formsemestre inconnu'),
      );
      expect((await w.get(`/ScoDoc/CJ/api/formsemestre/${cur}/${route}`)).json()).toEqual(
        scoError(404, 'formsemestre inconnu'),
      );
      expect((await w.get(`/ScoDoc/api/formsemestre/${cur}/${route}`, null)).statusCode).toBe(401);
      expect((await w.get(`/ScoDoc/api/formsemestre/${cur}/${route}`, 'nobody')).statusCode).toBe(403);
    }
  });
});
